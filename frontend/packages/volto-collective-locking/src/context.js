/**
 * What every part of the add-on reads: its settings, and the editor's
 * language for messages told outside React.
 */
import { createIntl } from 'react-intl';
import config from '@plone/volto/registry';
import { DEFAULT_SETTINGS } from './constants';

export function settings() {
  return { ...DEFAULT_SETTINGS, ...(config.settings.collectiveLocking || {}) };
}

export function intlOf(state) {
  return createIntl({
    locale: state.intl?.locale || 'en',
    messages: state.intl?.messages || {},
  });
}
