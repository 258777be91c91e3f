// Draws the dashboard's follow-ups-per-week chart with Chart.js (served locally) from the data the server
// put on the canvas; the table under it stays for screen readers and is folded once the chart is drawn.
(() => {
  function draw() {
    const canvas = document.getElementById('followups-chart');
    if (!canvas || typeof window.Chart !== 'function') return;
    let data;
    try {
      data = JSON.parse(canvas.dataset.chart || '');
    } catch {
      return;
    }
    // Shown before drawing, so that Chart.js measures a visible box.
    canvas.closest('.dash-chart')?.classList.add('chart-drawn');
    new window.Chart(canvas, {
      type: 'bar',
      data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    const details = canvas.closest('.dash-chart')?.querySelector('details.chart-data');
    if (details) details.open = false;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
