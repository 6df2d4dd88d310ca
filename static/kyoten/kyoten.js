// Month grid: Enter and the arrow keys move between days in the same column.
// htmx saves each cell on "change"; moving focus is what triggers it.
document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.closest("#usage-grid")) return;
  const moves = { ArrowDown: 1, Enter: 1, ArrowUp: -1 };
  const step = moves[event.key];
  if (step === undefined) return;
  const rows = Array.from(document.querySelectorAll("#usage-grid tbody tr"));
  let index = rows.indexOf(input.closest("tr"));
  const field = input.dataset.field;
  while (true) {
    index += step;
    if (index < 0 || index >= rows.length) return;
    const next = rows[index].querySelector(`input[data-field="${field}"]`);
    if (next) {
      event.preventDefault();
      next.focus();
      next.select();
      return;
    }
  }
});
