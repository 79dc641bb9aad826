/**
 * Requests to collective.locking's API, run by Volto's api middleware
 * (dispatching one returns a promise of the answer).
 */
import {
  ACQUIRE_FRAGMENTS,
  BREAK_LOCK,
  GET_LOCK_COLLECTION,
  GET_LOCK_HISTORY,
  GET_STORED_CONTENT,
  LIST_LOCKS,
  REFRESH_LOCK,
  RELEASE_FRAGMENT,
  RELEASE_LOCKS,
  RELEASE_SITE_LOCKS,
} from './constants';

const tokenHeader = (tokens) =>
  tokens.length ? { 'Lock-Token': tokens.join(', ') } : {};

/** GET {item}/@lock: the item's lock collection. */
export function getLockCollection(path) {
  return {
    type: GET_LOCK_COLLECTION,
    request: { op: 'get', path: `${path}/@lock` },
  };
}

/** POST {item}/@lock with fragments: all of them, or a 409 naming who
 * holds them. With a token, the fragments are added to that lock. */
export function acquireFragments(path, fragments, { token, timeout }) {
  return {
    type: ACQUIRE_FRAGMENTS,
    request: {
      op: 'post',
      path: `${path}/@lock`,
      data: { fragments, ...(timeout && { timeout }) },
      headers: tokenHeader(token ? [token] : []),
    },
  };
}

/** PATCH {item}/@lock: a new lease for the lock. */
export function refreshLock(path, token) {
  return {
    type: REFRESH_LOCK,
    request: {
      op: 'patch',
      path: `${path}/@lock`,
      headers: tokenHeader([token]),
    },
  };
}

/** DELETE {item}/@lock/{fragment}: that fragment leaves the lock. */
export function releaseFragment(path, fragment, token) {
  return {
    type: RELEASE_FRAGMENT,
    request: {
      op: 'del',
      path: `${path}/@lock/${fragment}`,
      headers: tokenHeader([token]),
    },
  };
}

/** DELETE {item}/@lock with the editor's tokens: every lock they open. */
export function releaseLocks(path, tokens) {
  return {
    type: RELEASE_LOCKS,
    request: { op: 'del', path: `${path}/@lock`, headers: tokenHeader(tokens) },
  };
}

/** DELETE {item}/@lock {"force": true}, strict: a 403 rather than a quiet
 * 200 when the user may not break the lock. */
export function breakLock(path) {
  return {
    type: BREAK_LOCK,
    request: {
      op: 'del',
      path: `${path}/@lock`,
      data: { force: true },
      headers: { Prefer: 'handling=strict' },
    },
  };
}

/** The item as stored now, without touching Volto's content state. */
export function getStoredContent(path) {
  return { type: GET_STORED_CONTENT, request: { op: 'get', path } };
}

/** GET {folder}/@locks with filters, sorting and batching. */
export function listLocks(path, query) {
  return {
    type: LIST_LOCKS,
    request: { op: 'get', path: `${path}/@locks${queryString(query)}` },
  };
}

/** DELETE {folder}/@locks {"locks": [...]}, or a dry run of it. */
export function releaseSiteLocks(path, lockUris, { dryRun = false } = {}) {
  return {
    type: RELEASE_SITE_LOCKS,
    request: {
      op: 'del',
      path: `${path}/@locks${dryRun ? '?dry_run=true' : ''}`,
      data: { locks: lockUris },
    },
  };
}

/** GET {site}/@locks/history (site administrators). */
export function getLockHistory(query) {
  return {
    type: GET_LOCK_HISTORY,
    request: { op: 'get', path: `/@locks/history${queryString(query)}` },
  };
}

export function queryString(query = {}) {
  const pairs = Object.entries(query).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  if (!pairs.length) return '';
  return (
    '?' +
    pairs
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
  );
}
