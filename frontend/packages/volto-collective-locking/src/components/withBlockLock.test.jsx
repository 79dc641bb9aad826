import React from 'react';
import { Provider } from 'react-intl-redux';
import { combineReducers, createStore } from 'redux';
import renderer from 'react-test-renderer';
import collectiveLocking from '../reducer';
import { EDITING_STARTED } from '../constants';
import withBlockLock from './withBlockLock';
import withFieldLock from './withFieldLock';

const Edit = () => <div className="edit">editable</div>;
const View = ({ data }) => <p className="view">{data.plaintext}</p>;
const Widget = ({ isDisabled }) => <input disabled={!!isDisabled} />;

const alice = {
  creator: 'alice',
  creator_name: 'Alice Liddell',
  expires: '2026-01-01T00:12:00Z',
  kind: 'fragment',
};

function storeWith(fragments) {
  const store = createStore(
    combineReducers({
      collectiveLocking,
      intl: (state = { locale: 'en', messages: {} }) => state,
    }),
  );
  store.dispatch({
    type: EDITING_STARTED,
    path: '/page',
    collection: { locked: false, fragments },
    baseline: { blocks: { a: { '@type': 'slate' }, b: { '@type': 'slate' } } },
  });
  return store;
}

const render = (store, element) =>
  renderer.create(<Provider store={store}>{element}</Provider>).toJSON();

describe('withBlockLock', () => {
  const Block = withBlockLock(Edit, View);
  const data = { '@type': 'slate', plaintext: 'Her text' };

  it('shows a block someone else holds as its view, with the holder', () => {
    const tree = render(
      storeWith({ 'blocks/a': alice }),
      <Block block="a" data={data} />,
    );
    const json = JSON.stringify(tree);
    expect(json).toContain('Being edited by Alice Liddell until');
    expect(json).toContain('Her text');
    expect(json).not.toContain('editable');
  });

  it('leaves a free block editable', () => {
    const tree = render(
      storeWith({ 'blocks/a': alice }),
      <Block block="b" data={data} />,
    );
    expect(JSON.stringify(tree)).toContain('editable');
  });
});

describe('withFieldLock', () => {
  const Field = withFieldLock(Widget);

  it('disables a field someone else holds and names them', () => {
    const tree = render(
      storeWith({ description: alice }),
      <Field id="description" />,
    );
    const json = JSON.stringify(tree);
    expect(json).toContain('"disabled":true');
    expect(json).toContain('Being edited by Alice Liddell until');
  });

  it('leaves block settings alone (they have a block)', () => {
    const tree = render(
      storeWith({ description: alice }),
      <Field id="description" block="a" />,
    );
    expect(JSON.stringify(tree)).toContain('"disabled":false');
  });
});
