import { applyMiddleware, combineReducers, createStore } from 'redux';
import thunk from 'redux-thunk';
import {
  LOCK_CONTENT,
  SET_FORM_DATA,
  SET_UI_STATE,
  UPDATE_CONTENT,
} from '@plone/volto/constants/ActionTypes';
import form from '@plone/volto/reducers/form/form';
import { lockingMiddleware, refusalMiddleware } from './middleware';
import collectiveLocking from './reducer';
import { noteUserInput } from './userInput';

const text = (words) => ({
  '@type': 'slate',
  plaintext: words,
  value: [{ type: 'p', children: [{ text: words }] }],
});

const page = {
  '@id': 'http://localhost:3000/page',
  title: 'A page',
  blocks: { t: { '@type': 'title' }, a: text('one'), b: text('two') },
  blocks_layout: { items: ['t', 'a', 'b'] },
};

const alice = {
  creator: 'alice',
  creator_name: 'Alice Liddell',
  expires: '2026-01-01T00:12:00Z',
  kind: 'fragment',
};

/**
 * A store as Volto builds it (the add-on's middleware before the api
 * middleware, its refusal middleware after), with an api middleware that
 * answers from `answers` by method and path and records every request.
 */
function makeStore(answers) {
  const requests = [];
  const api = (store) => (next) => (action) => {
    if (!action.request) return next(action);
    const { request, type, ...rest } = action;
    requests.push({ type, ...request });
    const answer = answers[`${request.op} ${request.path}`];
    if (answer instanceof Error) {
      next({ ...rest, type: `${type}_FAIL`, error: answer });
      return Promise.reject(answer);
    }
    next({ ...rest, type: `${type}_SUCCESS`, result: answer });
    return Promise.resolve(answer);
  };
  const store = createStore(
    combineReducers({
      collectiveLocking,
      form,
      content: (state = { data: page }) => state,
      intl: (state = { locale: 'en', messages: {} }) => state,
      // What Volto's content reducer gets of a failed save.
      saveError: (state = null, action) =>
        action.type === `${UPDATE_CONTENT}_FAIL` ? action.error : state,
    }),
    applyMiddleware(lockingMiddleware, thunk, api, refusalMiddleware),
  );
  return { store, requests };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('opening the editor', () => {
  it('takes no whole-item lock when the backend has collective.locking', async () => {
    const { store, requests } = makeStore({
      'get /page/@lock': { locked: false, stealable: true, fragments: {} },
    });
    await store.dispatch({
      type: LOCK_CONTENT,
      request: { op: 'post', path: '/page/@lock' },
    });
    expect(requests.map((r) => `${r.op} ${r.path}`)).toEqual([
      'get /page/@lock',
    ]);
    expect(store.getState().collectiveLocking.active).toBe(true);
  });

  it('leaves Volto to lock the page when the backend is stock', async () => {
    const { store, requests } = makeStore({
      'get /page/@lock': { locked: false, stealable: true },
      'post /page/@lock': { locked: true, token: 'T' },
    });
    await store.dispatch({
      type: LOCK_CONTENT,
      request: { op: 'post', path: '/page/@lock' },
    });
    expect(requests.map((r) => `${r.op} ${r.path}`)).toEqual([
      'get /page/@lock',
      'post /page/@lock',
    ]);
    expect(store.getState().collectiveLocking.active).toBe(false);
  });
});

async function openEditor(answers, fragments = {}) {
  const made = makeStore({
    'get /page/@lock': { locked: false, stealable: true, fragments },
    ...answers,
  });
  await made.store.dispatch({
    type: LOCK_CONTENT,
    request: { op: 'post', path: '/page/@lock' },
  });
  made.store.dispatch({ type: SET_FORM_DATA, data: page });
  return made;
}

describe('working in blocks', () => {
  it('locks a block the editor selects, with a short timeout', async () => {
    const { store, requests } = await openEditor({
      'post /page/@lock': {
        token: 'T1',
        expires: 'e',
        fragments: ['blocks/a'],
      },
    });
    noteUserInput();
    store.dispatch({ type: SET_UI_STATE, ui: { selected: 'a' } });
    await flush();
    const post = requests.find((r) => r.op === 'post');
    expect(post.data).toEqual({ fragments: ['blocks/a'], timeout: 120 });
    expect(store.getState().collectiveLocking.mine['blocks/a'].token).toBe(
      'T1',
    );
  });

  it('does not lock the block Volto selects by itself', async () => {
    const { store, requests } = await openEditor({});
    await new Promise((resolve) => setTimeout(resolve, 1600));
    store.dispatch({ type: SET_UI_STATE, ui: { selected: 'a' } });
    await flush();
    expect(requests.filter((r) => r.op === 'post')).toEqual([]);
  });

  it('undoes a change to a block someone else holds', async () => {
    const { store } = await openEditor({}, { 'blocks/a': alice });
    store.dispatch({
      type: SET_FORM_DATA,
      data: { ...page, blocks: { ...page.blocks, a: text('mine') } },
    });
    expect(store.getState().form.global.blocks.a).toEqual(text('one'));
  });
});

describe('saving', () => {
  it('sends a merge patch of the own changes, the tokens and X-Plone-Unlock', async () => {
    const { store, requests } = await openEditor({
      'post /page/@lock': {
        token: 'T1',
        expires: 'e',
        fragments: ['blocks/a'],
      },
      'patch /page': null,
    });
    noteUserInput();
    store.dispatch({ type: SET_UI_STATE, ui: { selected: 'a' } });
    await flush();
    store.dispatch({
      type: SET_FORM_DATA,
      data: { ...page, blocks: { ...page.blocks, a: text('uno') } },
    });
    await store.dispatch({
      type: UPDATE_CONTENT,
      request: {
        op: 'patch',
        path: '/page',
        data: { blocks: {}, blocks_layout: {} },
      },
    });
    const patch = requests.find((r) => r.op === 'patch');
    expect(patch.type).toBe('application/merge-patch+json');
    expect(patch.data).toEqual({ blocks: { a: text('uno') } });
    expect(patch.headers).toEqual({
      'Lock-Token': 'T1',
      'X-Plone-Unlock': 'true',
    });
    expect(store.getState().collectiveLocking.active).toBe(false);
  });

  it('puts a refusal into words for Volto and keeps editing', async () => {
    const refusal = Object.assign(new Error('Forbidden'), {
      status: 403,
      response: {
        body: {
          error: {
            type: 'Forbidden',
            message: 'Resource is locked.',
            fields: ['blocks/a'],
            locks: [{ ...alice, fragments: ['blocks/a'] }],
          },
        },
      },
    });
    const { store } = await openEditor({ 'patch /page': refusal });
    await expect(
      store.dispatch({
        type: UPDATE_CONTENT,
        request: { op: 'patch', path: '/page', data: {} },
      }),
    ).rejects.toBe(refusal);
    const message = store.getState().saveError.response.body.error.message;
    expect(message).toMatch(
      /^Not saved: the block "one" is being edited by Alice Liddell until .*\. Your changes are still here\.$/,
    );
    expect(store.getState().collectiveLocking.active).toBe(true);
  });
});
