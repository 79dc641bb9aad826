/**
 * Everything the add-on tells an editor, in words: who holds what, until
 * when, and why a save did not go through.
 */
import { defineMessages } from 'react-intl';
import { blockIdOf, LAYOUT } from './fragments';

export const messages = defineMessages({
  blockHeld: {
    id: 'Being edited by {name} until {time}',
    defaultMessage: 'Being edited by {name} until {time}',
  },
  pageHeld: {
    id: 'This page is locked as a whole by {name} until {time}. You can read it here but not change it.',
    defaultMessage:
      'This page is locked as a whole by {name} until {time}. You can read it here but not change it.',
  },
  breakLock: {
    id: 'Unlock the page',
    defaultMessage: 'Unlock the page',
  },
  breakRefused: {
    id: 'You may not unlock this page: only {name} or a site administrator can.',
    defaultMessage:
      'You may not unlock this page: only {name} or a site administrator can.',
  },
  broken: {
    id: 'The page is unlocked: you can edit it now.',
    defaultMessage: 'The page is unlocked: you can edit it now.',
  },
  changeNotKept: {
    id: '{what} is being edited by {name} until {time}: your change to it was not kept.',
    defaultMessage:
      '{what} is being edited by {name} until {time}: your change to it was not kept.',
  },
  lockTitle: {
    id: 'Locked',
    defaultMessage: 'Locked',
  },
  lostTo: {
    id: 'Your lock on {what} was released by someone else; {name} is editing it now until {time}.',
    defaultMessage:
      'Your lock on {what} was released by someone else; {name} is editing it now until {time}.',
  },
  lost: {
    id: 'Your lock on {what} was released by someone else. Your changes are still here.',
    defaultMessage:
      'Your lock on {what} was released by someone else. Your changes are still here.',
  },
  notSaved: {
    id: 'Not saved: {reasons}. Your changes are still here.',
    defaultMessage: 'Not saved: {reasons}. Your changes are still here.',
  },
  heldByName: {
    id: '{what} is being edited by {name} until {time}',
    defaultMessage: '{what} is being edited by {name} until {time}',
  },
  pageHeldByName: {
    id: 'the page is locked as a whole by {name} until {time}',
    defaultMessage: 'the page is locked as a whole by {name} until {time}',
  },
  gone_released: {
    id: 'your lock was released by someone else',
    defaultMessage: 'your lock was released by someone else',
  },
  gone_forced: {
    id: 'your lock was broken by someone else',
    defaultMessage: 'your lock was broken by someone else',
  },
  gone_expired: {
    id: 'your lock expired',
    defaultMessage: 'your lock expired',
  },
  gone_unknown: {
    id: 'your lock is gone',
    defaultMessage: 'your lock is gone',
  },
  busy: {
    id: 'the site is busy; try again in a moment',
    defaultMessage: 'the site is busy; try again in a moment',
  },
  layout: {
    id: 'the order of blocks',
    defaultMessage: 'the order of blocks',
  },
  aBlock: {
    id: 'the block "{text}"',
    defaultMessage: 'the block "{text}"',
  },
  aBlockOfType: {
    id: 'a {type} block',
    defaultMessage: 'a {type} block',
  },
  theField: {
    id: 'the field "{title}"',
    defaultMessage: 'the field "{title}"',
  },
});

/** "12:12" in the user's language, from an ISO 8601 date. */
export function timeOf(iso, locale) {
  if (!iso) return '?';
  try {
    return new Date(iso).toLocaleTimeString(locale || undefined, {
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch (e) {
    return iso;
  }
}

export function nameOf(info) {
  return info?.creator_name || info?.creator || '?';
}

/** What a fragment is, for an editor: a field's title, a block's text. */
export function describeFragment(intl, fragment, { schema, data } = {}) {
  if (fragment === LAYOUT) return intl.formatMessage(messages.layout);
  const blockId = blockIdOf(fragment);
  if (blockId) {
    const block = data?.blocks?.[blockId];
    const text = (block?.plaintext || block?.title || '').trim();
    if (text) {
      const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
      return intl.formatMessage(messages.aBlock, { text: short });
    }
    return intl.formatMessage(messages.aBlockOfType, {
      type: block?.['@type'] || blockId,
    });
  }
  const title = schema?.properties?.[fragment]?.title || fragment;
  return intl.formatMessage(messages.theField, { title });
}

/** The "Not saved: ..." sentence for a refused save. */
export function describeRefusal(intl, error, context = {}) {
  const body = error?.response?.body?.error || {};
  const status = error?.status || error?.response?.status;
  let reasons = [];
  if (body.type === 'LockGone') {
    const key = `gone_${body.reason || 'unknown'}`;
    reasons = [intl.formatMessage(messages[key] || messages.gone_unknown)];
  } else if (Array.isArray(body.locks) && body.locks.length) {
    reasons = body.locks.map((lock) => {
      const values = {
        name: nameOf(lock),
        time: timeOf(lock.expires, intl.locale),
      };
      if (lock.kind === 'resource') {
        return intl.formatMessage(messages.pageHeldByName, values);
      }
      const what = (lock.fragments || [])
        .filter((f) => !body.fields || body.fields.includes(f))
        .map((f) => describeFragment(intl, f, context))
        .join(', ');
      return intl.formatMessage(messages.heldByName, { ...values, what });
    });
  } else if (status === 503) {
    reasons = [intl.formatMessage(messages.busy)];
  } else {
    return null;
  }
  return intl.formatMessage(messages.notSaved, { reasons: reasons.join('; ') });
}
