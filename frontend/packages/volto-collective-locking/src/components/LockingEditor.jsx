/**
 * Keeps the open editor's locks alive and current, on every page (an app
 * extra) but busy only while the add-on's editor is open:
 *
 * - reads GET @lock every `pollInterval` (one request per interval),
 * - renews the editor's locks before they expire (PATCH @lock),
 * - gives them back when the editor is left without saving (route change,
 *   Cancel, or the tab closing),
 * - tells the editor when someone else released one of its locks,
 * - shows a page held as a whole read-only, with its holder and, for users
 *   who may break the lock, a button for it.
 */
import React, { useEffect, useRef } from 'react';
import { useDispatch, useSelector, useStore } from 'react-redux';
import { useIntl } from 'react-intl';
import { Button, Message } from 'semantic-ui-react';
import { formatUrl } from '@plone/volto/helpers/Api/Api';
import { breakLock, releaseLocks, refreshLock } from '../actions';
import { EDITING_ENDED } from '../constants';
import { readLocks, settings } from '../middleware';
import { tokensOf } from '../reducer';
import { tell } from '../tell';
import { noteUserInput } from '../userInput';
import { describeFragment, messages, nameOf, timeOf } from '../words';

/** The tab is closing: a request that outlives the page. */
function releaseOnUnload(path, tokens, authToken) {
  if (!tokens.length || typeof fetch === 'undefined') return;
  fetch(formatUrl(`${path}/@lock`), {
    method: 'DELETE',
    keepalive: true,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'Lock-Token': tokens.join(', '),
      ...(authToken && { Authorization: `Bearer ${authToken}` }),
    },
  }).catch(() => {});
}

function WholePageHeld({ holder, path }) {
  const intl = useIntl();
  const dispatch = useDispatch();
  const store = useStore();
  const values = {
    name: nameOf(holder),
    time: timeOf(holder.expires, intl.locale),
  };
  const onBreak = async () => {
    try {
      await dispatch(breakLock(path));
      tell(
        'broken',
        intl.formatMessage(messages.lockTitle),
        intl.formatMessage(messages.broken),
        {
          kind: 'success',
        },
      );
    } catch (error) {
      tell(
        'break-refused',
        intl.formatMessage(messages.lockTitle),
        intl.formatMessage(messages.breakRefused, values),
        { kind: 'error' },
      );
    }
    await readLocks(store);
  };
  return (
    <Message warning className="collective-locking-page-held" role="alert">
      <p>{intl.formatMessage(messages.pageHeld, values)}</p>
      {holder.stealable && (
        <Button
          type="button"
          className="collective-locking-break"
          onClick={onBreak}
        >
          {intl.formatMessage(messages.breakLock)}
        </Button>
      )}
    </Message>
  );
}

export default function LockingEditor({ pathname }) {
  const store = useStore();
  const intl = useIntl();
  const dispatch = useDispatch();
  const active = useSelector((state) => state.collectiveLocking?.active);
  const path = useSelector((state) => state.collectiveLocking?.path);
  const resource = useSelector((state) => state.collectiveLocking?.resource);
  const lost = useSelector((state) => state.collectiveLocking?.lost);
  const told = useRef({});

  // Read the locks now and then; renew the editor's own in time.
  useEffect(() => {
    if (!active) return undefined;
    const { pollInterval, lockTimeout } = settings();
    const timer = setInterval(async () => {
      await readLocks(store);
      const locking = store.getState().collectiveLocking;
      if (!locking.active) return;
      const soon = Date.now() + Math.max(lockTimeout * 500, pollInterval * 2);
      const due = new Set();
      Object.values(locking.mine).forEach(({ token, expires }) => {
        if (expires && Date.parse(expires) < soon) due.add(token);
      });
      due.forEach((token) =>
        dispatch(refreshLock(locking.path, token)).catch(() =>
          readLocks(store),
        ),
      );
    }, pollInterval);
    return () => clearInterval(timer);
  }, [active, path, store, dispatch]);

  // Leaving the editor without saving gives the locks back. (Volto starts
  // the editor before the address changes: only a move away counts.)
  const previous = useRef(pathname);
  useEffect(() => {
    const left =
      previous.current === `${path}/edit` && pathname !== previous.current;
    previous.current = pathname;
    if (!active || !path || !left) return;
    const locking = store.getState().collectiveLocking;
    const tokens = tokensOf(locking);
    dispatch({ type: EDITING_ENDED, path });
    if (tokens.length) dispatch(releaseLocks(path, tokens)).catch(() => {});
  }, [active, path, pathname, store, dispatch]);

  // Which selections the editor made (see userInput.js).
  useEffect(() => {
    if (!active || typeof window === 'undefined') return undefined;
    window.addEventListener('pointerdown', noteUserInput, true);
    window.addEventListener('keydown', noteUserInput, true);
    return () => {
      window.removeEventListener('pointerdown', noteUserInput, true);
      window.removeEventListener('keydown', noteUserInput, true);
    };
  }, [active]);

  // A closing tab: its locks go now rather than at their expiry.
  useEffect(() => {
    if (!active || typeof window === 'undefined') return undefined;
    const onUnload = () => {
      const state = store.getState();
      releaseOnUnload(
        path,
        tokensOf(state.collectiveLocking),
        state.userSession?.token,
      );
    };
    window.addEventListener('pagehide', onUnload);
    return () => window.removeEventListener('pagehide', onUnload);
  }, [active, path, store]);

  // Someone else released a lock of the editor's: say so, once.
  useEffect(() => {
    if (!active || !lost) return;
    const state = store.getState();
    Object.entries(lost).forEach(([fragment, holder]) => {
      if (told.current[fragment] === holder) return;
      told.current[fragment] = holder;
      const what = describeFragment(intl, fragment, {
        schema: state.schema?.schema,
        data: state.form?.global,
      });
      const message = holder?.creator
        ? intl.formatMessage(messages.lostTo, {
            what,
            name: nameOf(holder),
            time: timeOf(holder.expires, intl.locale),
          })
        : intl.formatMessage(messages.lost, { what });
      tell(
        `lost-${fragment}`,
        intl.formatMessage(messages.lockTitle),
        message,
        {
          kind: 'error',
        },
      );
    });
  }, [active, lost, store, intl]);

  if (!active || !resource) return null;
  return <WholePageHeld holder={resource} path={path} />;
}
