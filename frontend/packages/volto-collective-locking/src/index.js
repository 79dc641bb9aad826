/**
 * volto-collective-locking: block and field locks in Volto's editor for
 * Plone sites with collective.locking. List it last in your project's
 * `addons`, so that blocks and widgets of other add-ons are covered too.
 */
import ItemLockInfo from './components/ItemLockInfo';
import LockingEditor from './components/LockingEditor';
import LocksControlPanel from './components/LocksControlPanel';
import withBlockLock from './components/withBlockLock';
import withFieldLock from './components/withFieldLock';
import { DEFAULT_SETTINGS } from './constants';
import { lockingMiddleware, refusalMiddleware } from './middleware';
import collectiveLocking from './reducer';
import './theme/locking.css';

const WIDGET_MAPS = ['id', 'widget', 'vocabulary', 'factory', 'type'];

/** Wrap every block's editor so that others' locks make it read-only. */
export function wrapBlocks(blocksConfig) {
  Object.values(blocksConfig).forEach((block) => {
    if (block.edit && !block.edit.collectiveLocking) {
      block.edit = withBlockLock(block.edit, block.view);
    }
  });
}

/** Wrap every form widget so that others' locks make a field read-only. */
export function wrapWidgets(widgets) {
  WIDGET_MAPS.forEach((map) => {
    Object.keys(widgets[map] || {}).forEach((key) => {
      widgets[map][key] = withFieldLock(widgets[map][key]);
    });
  });
  widgets.choices = withFieldLock(widgets.choices);
  widgets.default = withFieldLock(widgets.default);
}

export default function applyConfig(config) {
  config.addonReducers = { ...config.addonReducers, collectiveLocking };
  config.settings.storeExtenders = [
    ...(config.settings.storeExtenders || []),
    (stack) => [lockingMiddleware, ...stack, refusalMiddleware],
  ];
  config.settings.collectiveLocking = {
    ...DEFAULT_SETTINGS,
    ...(config.settings.collectiveLocking || {}),
  };
  config.settings.appExtras = [
    ...(config.settings.appExtras || []),
    { match: '', component: LockingEditor },
    { match: '', component: ItemLockInfo },
  ];
  wrapBlocks(config.blocks.blocksConfig);
  wrapWidgets(config.widgets);

  // Site Setup > Locks: the locks of the site, their history, the settings
  // of @controlpanels/locking. It takes the place of Volto's generic panel.
  config.addonRoutes = [
    ...(config.addonRoutes || []),
    { path: '/controlpanel/locking', component: LocksControlPanel },
  ];
  return config;
}
