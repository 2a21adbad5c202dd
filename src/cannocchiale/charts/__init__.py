"""Charts drawn server-side as SVG text: for pages, WeasyPrint PDFs (inline) and, via PNG, DOCX.

Pure Python: no Django. Every chart is one `<svg role="img">` with a `<title>` and a `<desc>` that
says the data in words, sized by its viewBox, with values written as text, Italian number format.
"""

from cannocchiale.charts.bar import Bar, bar_chart
from cannocchiale.charts.distribution import distribution_chart
from cannocchiale.charts.line import Series, line_chart
from cannocchiale.charts.png import svg_to_png
from cannocchiale.charts.traffic import traffic_dot, traffic_light

__all__ = [
    "Bar",
    "Series",
    "bar_chart",
    "distribution_chart",
    "line_chart",
    "svg_to_png",
    "traffic_dot",
    "traffic_light",
]
