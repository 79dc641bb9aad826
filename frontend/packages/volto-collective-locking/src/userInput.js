/**
 * When the person at the keyboard last clicked or typed. Volto selects a
 * block by itself when the editor opens (the title); only a selection the
 * editor made takes a lock. One value per browser tab, so module state.
 */
let lastInput = 0;

export function noteUserInput() {
  lastInput = Date.now();
}

export function madeByUser(withinMs = 1500) {
  return Date.now() - lastInput <= withinMs;
}
