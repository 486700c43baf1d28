// The app's command list is written in five places that must agree: the
// #[tauri::command] functions, the invoke handler in lib.rs, build.rs (which
// makes their permissions), the capability files (which allow them for the
// window) and ui/js/api.js (the one caller). A command missing from one of
// them fails at run time, only when a user gets there; this fails here.
// Run: node --test tests/ui/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (p) => readFileSync(join(repo, p), 'utf8');
const sorted = (names) => [...new Set(names)].sort();

/** The text between `start` and the first `end` after it. */
function between(text, start, end) {
  const from = text.indexOf(start);
  assert.ok(from >= 0, `${start} not found`);
  return text.slice(from + start.length, text.indexOf(end, from));
}

function commandFunctions() {
  const source = read('src-tauri/src/commands.rs');
  return [...source.matchAll(/#\[tauri::command[^\]]*\]\s*(?:#\[[^\]]*\]\s*)*pub (?:async )?fn (\w+)/g)].map((m) => m[1]);
}

function invokeHandler() {
  const body = between(read('src-tauri/src/lib.rs'), 'generate_handler![', ']');
  return [...body.matchAll(/commands::(\w+)/g)].map((m) => m[1]);
}

function buildRs() {
  const body = between(read('src-tauri/build.rs'), 'const COMMANDS: &[&str] = &[', '];');
  return [...body.matchAll(/"(\w+)"/g)].map((m) => m[1]);
}

function capabilities() {
  const dir = 'src-tauri/capabilities';
  return readdirSync(join(repo, dir)).filter((f) => f.endsWith('.json')).flatMap((f) => {
    const { permissions } = JSON.parse(read(`${dir}/${f}`));
    // Our own commands' permissions are "allow-<name>"; plugin and core
    // permissions carry a prefix ("core:event:allow-listen").
    return permissions
      .map((p) => (typeof p === 'string' ? p : p.identifier))
      .filter((p) => p.startsWith('allow-'))
      .map((p) => p.slice('allow-'.length).replaceAll('-', '_'));
  });
}

function apiJs() {
  return [...read('ui/js/api.js').matchAll(/invoke\('(\w+)'/g)].map((m) => m[1]);
}

test('the command lists agree', () => {
  const functions = sorted(commandFunctions());
  assert.ok(functions.length > 20, `found only ${functions.length} commands in commands.rs`);
  const lists = {
    'lib.rs generate_handler!': invokeHandler(),
    'build.rs COMMANDS': buildRs(),
    'src-tauri/capabilities/*.json': capabilities(),
    'ui/js/api.js': apiJs(),
  };
  for (const [where, names] of Object.entries(lists)) {
    assert.deepEqual(sorted(names), functions, `${where} disagrees with the #[tauri::command] functions in commands.rs`);
  }
});

test('no list names a command twice', () => {
  for (const names of [invokeHandler(), buildRs(), capabilities()]) {
    assert.equal(new Set(names).size, names.length, `duplicate in ${names}`);
  }
});
