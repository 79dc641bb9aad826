import defaultReducers from '@plone/volto/reducers';

// Volto's reducers; the add-on brings its own through addonReducers.
const reducers = { ...defaultReducers };

export default reducers;
