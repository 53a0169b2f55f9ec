// Draws the dashboard's charts from the JSON beside them; the tables carry the same numbers.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) return;
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const colours = ["#7a1f1f", "#b58105", "#146c43", "#0d6efd", "#6f42c1"];
  document.querySelectorAll("canvas.js-chart").forEach((canvas) => {
    const rows = read(canvas.dataset.source);
    if (canvas.dataset.kind === "stacked") {
      const bands = read(canvas.dataset.bands);
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((row) => row[0]),
          datasets: bands.map((band, i) => ({ label: band, data: rows.map((row) => row[1][i]), backgroundColor: colours[i] })),
        },
        options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } },
      });
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: rows.map((row) => row[0]), datasets: [{ data: rows.map((row) => row[1]), backgroundColor: colours[0] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
    });
  });
});
