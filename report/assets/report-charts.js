/* global Chart, document */
// Draws the report's bar charts from the JSON the page carries (domain/report/render-html.ts).
// No animation: the picture is complete as soon as the script has run.
(function () {
  var source = document.getElementById('report-data');
  if (!source || typeof Chart === 'undefined') return;
  var report = JSON.parse(source.textContent || '{}');
  var drawn = 0;

  function bar(id, labels, datasets, wholeNumbers) {
    var canvas = document.getElementById(id);
    if (!canvas || labels.length === 0) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: wholeNumbers ? { precision: 0 } : {} } },
      },
    });
    canvas.setAttribute('data-rendered', 'true');
    drawn += 1;
  }

  function counts(id, list, color) {
    bar(
      id,
      list.map(function (c) {
        return c.key;
      }),
      [
        {
          label: 'Заявок',
          data: list.map(function (c) {
            return c.count;
          }),
          backgroundColor: color,
        },
      ],
      true,
    );
  }

  counts('chart-by-status', report.byStatus || [], '#2f6fb5');
  counts('chart-by-type', report.byType || [], '#3c9d5d');
  counts('chart-by-manager', report.byManager || [], '#c47f1a');
  var durations = report.durationByType || [];
  bar(
    'chart-duration',
    durations.map(function (d) {
      return d.type;
    }),
    [
      {
        label: 'p50',
        data: durations.map(function (d) {
          return d.p50Hours;
        }),
        backgroundColor: '#6f42c1',
      },
      {
        label: 'p90',
        data: durations.map(function (d) {
          return d.p90Hours;
        }),
        backgroundColor: '#d0a7f0',
      },
    ],
  );
  document.body.setAttribute('data-charts', String(drawn));
})();
