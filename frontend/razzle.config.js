// Volto's own build configuration; the project adds nothing to it.
module.exports = require('@plone/volto/razzle.config');
