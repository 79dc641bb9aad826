import applyConfig from './index';
import LocksControlPanel from './components/LocksControlPanel';
import { lockingMiddleware, refusalMiddleware } from './middleware';

const Edit = () => null;
const View = () => null;
const Widget = () => null;

function volto() {
  return {
    settings: { appExtras: [], storeExtenders: [] },
    blocks: {
      blocksConfig: { slate: { id: 'slate', edit: Edit, view: View } },
    },
    widgets: {
      id: {},
      widget: { textarea: Widget },
      vocabulary: {},
      factory: {},
      type: { string: Widget },
      choices: Widget,
      default: Widget,
      views: { default: View },
    },
    addonReducers: {},
    addonRoutes: [],
  };
}

describe('applyConfig', () => {
  const config = applyConfig(volto());

  it("adds the lock state and the middleware around Volto's api middleware", () => {
    expect(config.addonReducers.collectiveLocking).toBeDefined();
    const api = () => null;
    const stack = config.settings.storeExtenders[0]([api]);
    expect(stack).toEqual([lockingMiddleware, api, refusalMiddleware]);
  });

  it('wraps block editors and form widgets, not their views', () => {
    expect(config.blocks.blocksConfig.slate.edit).not.toBe(Edit);
    expect(config.blocks.blocksConfig.slate.view).toBe(View);
    expect(config.widgets.widget.textarea).not.toBe(Widget);
    expect(config.widgets.default).not.toBe(Widget);
    expect(config.widgets.views.default).toBe(View);
  });

  it('wraps once, however often it is applied', () => {
    const wrapped = config.blocks.blocksConfig.slate.edit;
    applyConfig(config);
    expect(config.blocks.blocksConfig.slate.edit).toBe(wrapped);
  });

  it("serves Site Setup > Locks at the control panel's address", () => {
    expect(config.addonRoutes).toContainEqual({
      path: '/controlpanel/locking',
      component: LocksControlPanel,
    });
    expect(config.settings.collectiveLocking).toEqual({
      pollInterval: 5000,
      lockTimeout: 120,
    });
  });
});
