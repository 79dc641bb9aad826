// The add-ons this Volto project loads. VOLTO_STOCK=1 builds stock Volto,
// the baseline of `make bench` (benchmarks/volto_editor.js).
const addons =
  process.env.VOLTO_STOCK === '1' ? [] : ['volto-collective-locking'];

module.exports = { addons };
