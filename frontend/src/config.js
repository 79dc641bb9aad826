// The project only builds and tests the add-on: its configuration lives in
// volto-collective-locking (volto.config.js lists it). English and German:
// the languages the add-on ships.
import '@plone/volto/config';

export default function applyConfig(config) {
  config.settings.supportedLanguages = ['en', 'de'];
  return config;
}
