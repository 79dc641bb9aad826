// Every message of the add-on is in its catalogue and has a German
// translation (locales/de/LC_MESSAGES/volto.po, made by `i18n --addon`).
import fs from 'fs';
import path from 'path';
import { panelMessages } from './panelWords';
import { messages } from './words';

function catalogue(language) {
  const file = path.join(
    __dirname,
    '..',
    'locales',
    language,
    'LC_MESSAGES',
    'volto.po',
  );
  const text = fs.readFileSync(file, 'utf8');
  const entries = {};
  const pattern = /msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"/g;
  let match = pattern.exec(text);
  while (match) {
    entries[match[1].replace(/\\"/g, '"')] = match[2].replace(/\\"/g, '"');
    match = pattern.exec(text);
  }
  return entries;
}

const ids = [...Object.values(messages), ...Object.values(panelMessages)].map(
  (message) => message.id,
);

it('has a German translation for every message', () => {
  const german = catalogue('de');
  const missing = ids.filter((id) => !german[id]);
  expect(missing).toEqual([]);
});

it('keeps the placeholders of every message in German', () => {
  const german = catalogue('de');
  ids.forEach((id) => {
    const names = (text) => (text.match(/\{(\w+)[,}]/g) || []).sort();
    expect([id, names(german[id])]).toEqual([id, names(id)]);
  });
});

it('lists every message in the English catalogue', () => {
  const english = catalogue('en');
  expect(ids.filter((id) => !(id in english))).toEqual([]);
});
