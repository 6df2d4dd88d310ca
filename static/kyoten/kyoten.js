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

// A cell whose save never got an answer (server busy, database restarting, network down) is
// marked as not saved and says so: nothing may look saved that is not.
function cellNotSaved(event) {
  const input = event.detail && event.detail.elt;
  if (!(input instanceof HTMLInputElement) || !input.closest("#usage-grid")) return;
  const cell = input.closest("td");
  if (cell) cell.className = "entry refused";
  input.setAttribute("aria-invalid", "true");
  const status = document.getElementById("grid-status");
  if (status) {
    status.textContent =
      "保存できませんでした（サーバーに接続できません）。しばらくしてから、赤い枠の値をもう一度入力してください。";
    status.classList.add("error");
  }
}
document.addEventListener("htmx:responseError", cellNotSaved);
document.addEventListener("htmx:sendError", cellNotSaved);
