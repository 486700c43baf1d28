#!/usr/bin/python3
"""A small GTK window that offers one file for drag and drop.

The end-to-end test of "drop an image file on Omamori" runs this on the
Xvfb display, then drags from it onto the app with xdotool: the drop then
arrives through the window system (XDND), as it does from a file manager.

    drag_source.py FILE X Y    # window of 160 x 160 at (X, Y)

Needs python3-gi and gir1.2-gtk-3.0 (scripts/apt-packages.txt). Prints
"ready" once the window is mapped and "dropped" after the drag ends, then
exits.
"""

import sys

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main() -> None:
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    uri = GLib.filename_to_uri(path, None)

    window = Gtk.Window(title="omamori-drag-source")
    window.set_default_size(160, 160)
    window.move(x, y)
    box = Gtk.EventBox()
    box.add(Gtk.Label(label="drag me"))
    window.add(box)

    box.drag_source_set(
        Gdk.ModifierType.BUTTON1_MASK,
        [Gtk.TargetEntry.new("text/uri-list", 0, 0)],
        Gdk.DragAction.COPY,
    )

    def on_get(_widget, _context, data, _info, _time):
        data.set_uris([uri])

    def on_end(_widget, _context):
        print("dropped", flush=True)
        Gtk.main_quit()

    box.connect("drag-data-get", on_get)
    box.connect("drag-end", on_end)
    window.connect("destroy", Gtk.main_quit)

    def announce(*_args):
        print("ready", flush=True)
        return False

    window.connect("map-event", announce)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
