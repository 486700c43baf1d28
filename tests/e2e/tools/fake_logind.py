#!/usr/bin/python3
"""A stand-in for systemd-logind on a private bus, for the end-to-end test
of "lock when the computer locks or goes to sleep".

Owns org.freedesktop.login1 on the bus at $DBUS_SYSTEM_BUS_ADDRESS (a
private dbus-daemon the test starts; the app is given the same address),
answers Manager.GetSessionByPID with one session, and on a line from stdin
emits what logind emits:

    lock         Session.Lock on that session (`loginctl lock-session`)
    sleep        Manager.PrepareForSleep(true), then (false) a moment later
    lockedhint   PropertiesChanged on that session: LockedHint true (what a
                 desktop lock screen started by a shortcut often sets alone)
    unlockedhint the same with LockedHint false (must not lock)
    screensaver  org.freedesktop.ScreenSaver ActiveChanged(true), on the
                 *session* bus ($DBUS_SESSION_BUS_ADDRESS), from its usual path
    gnomesaver   org.gnome.ScreenSaver ActiveChanged(true), on the session bus

Prints "ready" once the name is owned and "sent <what>" after each signal.
Needs python3-gi (scripts/apt-packages.txt).
"""

import os
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

MANAGER_PATH = "/org/freedesktop/login1"
SESSION_PATH = "/org/freedesktop/login1/session/_31"
XML = """
<node>
  <interface name="org.freedesktop.login1.Manager">
    <method name="GetSessionByPID">
      <arg type="u" direction="in"/>
      <arg type="o" direction="out"/>
    </method>
    <signal name="PrepareForSleep"><arg type="b"/></signal>
  </interface>
  <interface name="org.freedesktop.login1.Session">
    <signal name="Lock"/>
  </interface>
</node>
"""


def main() -> None:
    address = os.environ["DBUS_SYSTEM_BUS_ADDRESS"]
    flags = (
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    )
    bus = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
    info = Gio.DBusNodeInfo.new_for_xml(XML)
    loop = GLib.MainLoop()

    def on_call(_conn, _sender, _path, _iface, method, _params, invocation):
        if method == "GetSessionByPID":
            invocation.return_value(GLib.Variant("(o)", (SESSION_PATH,)))
        else:
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)

    bus.register_object(MANAGER_PATH, info.interfaces[0], on_call, None, None)
    bus.register_object(SESSION_PATH, info.interfaces[1], on_call, None, None)

    def emit(path, iface, signal, params, on=None):
        on = on or bus
        on.emit_signal(None, path, iface, signal, params)
        on.flush_sync(None)

    session_bus = None
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        session_bus = Gio.DBusConnection.new_for_address_sync(
            os.environ["DBUS_SESSION_BUS_ADDRESS"], flags, None, None
        )

    def locked_hint(value):
        changed = GLib.Variant(
            "(sa{sv}as)",
            ("org.freedesktop.login1.Session", {"LockedHint": GLib.Variant("b", value)}, []),
        )
        emit(SESSION_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged", changed)

    def on_line(channel, _condition):
        line = channel.readline()
        if not line:
            loop.quit()
            return False
        what = line.strip()
        if what == "lock":
            emit(SESSION_PATH, "org.freedesktop.login1.Session", "Lock", None)
        elif what == "sleep":
            manager = "org.freedesktop.login1.Manager"
            emit(MANAGER_PATH, manager, "PrepareForSleep", GLib.Variant("(b)", (True,)))
            emit(MANAGER_PATH, manager, "PrepareForSleep", GLib.Variant("(b)", (False,)))
        elif what in ("lockedhint", "unlockedhint"):
            locked_hint(what == "lockedhint")
        elif what in ("screensaver", "gnomesaver") and session_bus is not None:
            iface, path = {
                "screensaver": ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                "gnomesaver": ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
            }[what]
            emit(path, iface, "ActiveChanged", GLib.Variant("(b)", (True,)), on=session_bus)
        else:
            print(f"unknown command {what!r}", file=sys.stderr, flush=True)
            return True
        print(f"sent {what}", flush=True)
        return True

    def on_acquired(*_args):
        print("ready", flush=True)

    Gio.bus_own_name_on_connection(
        bus, "org.freedesktop.login1", Gio.BusNameOwnerFlags.NONE, on_acquired, None
    )
    stdin = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(stdin, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP, on_line)
    loop.run()


if __name__ == "__main__":
    main()
