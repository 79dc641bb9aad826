import reducer, {
  holderOf,
  initialState,
  readCollection,
  tokensOf,
} from './reducer';
import {
  EDITING_ENDED,
  EDITING_STARTED,
  FRAGMENTS_ACQUIRED,
  FRAGMENTS_REFUSED,
  FRAGMENTS_RELEASED,
  LOCKS_READ,
} from './constants';

const alice = {
  creator: 'alice',
  creator_name: 'Alice Liddell',
  expires: '2026-01-01T00:12:00Z',
  kind: 'fragment',
};

const collection = (fragments = {}, resource = {}) => ({
  locked: false,
  stealable: true,
  ...resource,
  fragments,
});

const started = (fragments, resource) =>
  reducer(initialState, {
    type: EDITING_STARTED,
    path: '/page',
    collection: collection(fragments, resource),
    baseline: { blocks: { a: {}, b: {} } },
  });

describe('readCollection', () => {
  it('tells own locks (they carry a token) from others', () => {
    const read = readCollection(
      collection({
        'blocks/a': { ...alice, fragments: ['blocks/a'] },
        'blocks/b': { creator: 'bob', token: 'T', expires: 'x' },
      }),
    );
    expect(Object.keys(read.others)).toEqual(['blocks/a']);
    expect(read.mine['blocks/b']).toEqual({ token: 'T', expires: 'x' });
    expect(read.resource).toBeNull();
  });
  it('reads a whole-item lock of someone else as the resource', () => {
    const read = readCollection(
      collection({}, { locked: true, creator: 'alice', creator_name: 'Alice' }),
    );
    expect(read.resource.creator_name).toBe('Alice');
  });
});

describe('holderOf', () => {
  it('names who holds a block', () => {
    const state = started({ 'blocks/a': alice });
    expect(holderOf(state, 'blocks/a')).toBe(alice);
    expect(holderOf(state, 'blocks/b')).toBeNull();
  });
  it('holds every block for a lock on all blocks', () => {
    const state = started({ blocks: alice });
    expect(holderOf(state, 'blocks/b')).toBe(alice);
  });
  it('holds everything for a whole-item lock', () => {
    const state = started({}, { locked: true, creator: 'alice' });
    expect(holderOf(state, 'title').creator).toBe('alice');
  });
  it('holds nothing when no editor is open', () => {
    expect(holderOf(initialState, 'title')).toBeNull();
  });
});

describe('the editor state', () => {
  it('keeps acquired fragments with their token', () => {
    let state = started({});
    state = reducer(state, {
      type: FRAGMENTS_ACQUIRED,
      fragments: ['blocks/a'],
      token: 'T1',
      expires: 'e',
    });
    expect(tokensOf(state)).toEqual(['T1']);
    state = reducer(state, {
      type: FRAGMENTS_RELEASED,
      fragments: ['blocks/a'],
    });
    expect(tokensOf(state)).toEqual([]);
  });
  it('records who refused a fragment', () => {
    const state = reducer(started({}), {
      type: FRAGMENTS_REFUSED,
      fragments: ['blocks/a'],
      locks: [{ ...alice, fragments: ['blocks/a'] }],
    });
    expect(holderOf(state, 'blocks/a').creator).toBe('alice');
  });
  it('notices a lock of its own that someone else released', () => {
    let state = started({});
    state = reducer(state, {
      type: FRAGMENTS_ACQUIRED,
      fragments: ['blocks/a'],
      token: 'T1',
      expires: 'e',
      at: 1000,
    });
    state = reducer(state, {
      type: LOCKS_READ,
      path: '/page',
      askedAt: 2000,
      collection: collection({ 'blocks/a': alice }),
    });
    expect(state.lost['blocks/a']).toBe(alice);
    expect(state.mine['blocks/a']).toBeUndefined();
  });
  it('does not take a read asked before its latest lock as a loss', () => {
    let state = started({});
    state = reducer(state, {
      type: FRAGMENTS_ACQUIRED,
      fragments: ['blocks/a'],
      token: 'T1',
      expires: 'e',
      at: 2000,
    });
    state = reducer(state, {
      type: LOCKS_READ,
      path: '/page',
      askedAt: 1000,
      collection: collection({}),
    });
    expect(state.lost).toEqual({});
    expect(tokensOf(state)).toEqual(['T1']);
  });
  it('lists the fragments others let go', () => {
    let state = started({ 'blocks/a': alice });
    state = reducer(state, {
      type: LOCKS_READ,
      path: '/page',
      askedAt: Date.now(),
      collection: collection({}),
    });
    expect(state.freed).toEqual(['blocks/a']);
    expect(holderOf(state, 'blocks/a')).toBeNull();
  });
  it('ends', () => {
    const state = reducer(started({}), { type: EDITING_ENDED, path: '/page' });
    expect(state.active).toBe(false);
  });
});
