/**
 * What the open editor knows about the item's locks: who holds what
 * (others' locks read from GET @lock), which fragments are the editor's
 * (with their tokens), which it asked for, and what it edited.
 */
import {
  BASELINE_UPDATED,
  EDITING_ENDED,
  EDITING_STARTED,
  FRAGMENTS_ACQUIRED,
  FRAGMENTS_EDITED,
  FRAGMENTS_REFUSED,
  FRAGMENTS_RELEASED,
  FRAGMENTS_WANTED,
  LOCKS_READ,
} from './constants';

export const initialState = {
  active: false,
  path: null,
  // The item as the editor started from it (blocks and fields).
  baseline: {},
  // A whole-item lock of someone else's (public info), or null.
  resource: null,
  // The editor's own whole-item lock ({token, expires}), or null.
  ownResource: null,
  // Fragment -> public info of someone else's lock on it.
  others: {},
  // Fragment -> {token, expires} of the editor's own locks.
  mine: {},
  // Fragments asked for and not answered yet.
  wanted: {},
  // Fragments the editor changed (sent on save, whoever holds them).
  edited: {},
  // Fragments of the editor's that someone else released: fragment -> info
  // of whoever holds it now (or {}).
  lost: {},
  // Fragments others held at the last read that they no longer hold.
  freed: [],
  // When the editor last got a lock (ms): a read of the collection asked
  // for before that cannot tell that a lock of the editor's is gone.
  acquiredAt: 0,
};

function without(map, keys) {
  const next = { ...map };
  keys.forEach((key) => delete next[key]);
  return next;
}

/**
 * The lock collection (GET @lock) as the editor needs it. A lock with a
 * token is the current user's own: the backend gives tokens to no one else.
 */
export function readCollection(collection = {}) {
  const others = {};
  const mine = {};
  Object.entries(collection.fragments || {}).forEach(([fragment, info]) => {
    if (info.token)
      mine[fragment] = { token: info.token, expires: info.expires };
    else others[fragment] = info;
  });
  let resource = null;
  let ownResource = null;
  if (collection.locked) {
    if (collection.token) {
      ownResource = { token: collection.token, expires: collection.expires };
    } else {
      resource = {
        kind: 'resource',
        creator: collection.creator,
        creator_name: collection.creator_name,
        expires: collection.expires,
        stealable: collection.stealable,
      };
    }
  }
  return { resource, ownResource, others, mine };
}

function locksRead(state, collection, askedAt = Date.now()) {
  const read = readCollection(collection);
  if (askedAt < state.acquiredAt) {
    // Older than the editor's latest lock: trust it for others' locks only.
    return { ...state, others: without(read.others, Object.keys(state.mine)) };
  }
  const lost = { ...state.lost };
  Object.keys(state.mine).forEach((fragment) => {
    if (!read.mine[fragment] && !state.wanted[fragment]) {
      lost[fragment] = read.others[fragment] || read.resource || {};
    }
  });
  Object.keys(read.mine).forEach((fragment) => delete lost[fragment]);
  const freed = Object.keys(state.others).filter(
    (fragment) => !read.others[fragment],
  );
  return { ...state, ...read, lost, freed };
}

export default function collectiveLocking(state = initialState, action = {}) {
  switch (action.type) {
    case EDITING_STARTED:
      return {
        ...initialState,
        ...readCollection(action.collection),
        active: true,
        path: action.path,
        baseline: action.baseline || {},
      };
    case LOCKS_READ:
      if (!state.active || action.path !== state.path) return state;
      return locksRead(state, action.collection, action.askedAt);
    case FRAGMENTS_WANTED:
      return {
        ...state,
        wanted: { ...state.wanted, ...flags(action.fragments) },
      };
    case FRAGMENTS_ACQUIRED: {
      const mine = { ...state.mine };
      action.fragments.forEach((fragment) => {
        mine[fragment] = { token: action.token, expires: action.expires };
      });
      return {
        ...state,
        mine,
        acquiredAt: action.at || Date.now(),
        wanted: without(state.wanted, action.fragments),
        others: without(state.others, action.fragments),
        lost: without(state.lost, action.fragments),
      };
    }
    case FRAGMENTS_REFUSED: {
      const others = { ...state.others };
      (action.locks || []).forEach((lock) => {
        (lock.fragments || action.fragments).forEach((fragment) => {
          others[fragment] = lock;
        });
      });
      return {
        ...state,
        others,
        resource:
          (action.locks || []).find((lock) => lock.kind === 'resource') ||
          state.resource,
        wanted: without(state.wanted, action.fragments),
      };
    }
    case FRAGMENTS_RELEASED:
      return {
        ...state,
        mine: without(state.mine, action.fragments),
        edited: without(state.edited, action.fragments),
      };
    case FRAGMENTS_EDITED:
      return {
        ...state,
        edited: { ...state.edited, ...flags(action.fragments) },
      };
    case BASELINE_UPDATED:
      return { ...state, baseline: action.baseline, freed: [] };
    case EDITING_ENDED:
      return action.path && action.path !== state.path ? state : initialState;
    default:
      return state;
  }
}

function flags(fragments) {
  return Object.fromEntries(fragments.map((fragment) => [fragment, true]));
}

/** The tokens the editor holds (sent with a save). */
export function tokensOf(state) {
  const tokens = new Set(Object.values(state.mine).map((lock) => lock.token));
  if (state.ownResource) tokens.add(state.ownResource.token);
  return [...tokens];
}

/**
 * Someone else's lock that keeps the editor out of `fragment`, or null:
 * a whole-item lock, a lock on the fragment, or (for a block) a lock on all
 * blocks.
 */
export function holderOf(state, fragment) {
  if (!state?.active || !fragment) return null;
  if (state.resource) return state.resource;
  if (state.mine[fragment]) return null;
  if (state.others[fragment]) return state.others[fragment];
  if (fragment.startsWith('blocks/') && state.others.blocks) {
    return state.others.blocks;
  }
  return null;
}
