"""Charts are well-formed, accessible SVG that say their data in Italian words as well as in shapes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from cannocchiale.charts import (
    Bar,
    Series,
    bar_chart,
    distribution_chart,
    line_chart,
    svg_to_png,
    traffic_dot,
    traffic_light,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def health_chart() -> str:
    return line_chart(
        [
            Series("Calcolato", [(2015, D("18.44")), (2016, D("21.03")), (2017, None)]),
            Series("Pubblicato", [(2015, D("18.4")), (2016, D("22"))], dashed=True),
        ],
        title="Indice di struttura primario",
        y_label="Valore",
        target_band=(D(15), D(25)),
        unit="%",
    )


def test_a_line_chart_is_an_image_with_title_and_description_that_say_the_data() -> None:
    root = parse(health_chart())
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None
    assert title.text == "Indice di struttura primario"
    assert desc is not None
    assert "2016: 21 %" in (desc.text or "")
    assert "Intervallo obiettivo: da 15 % a 25 %" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_a_line_chart_draws_a_point_with_its_italian_label_for_each_value_and_skips_gaps() -> None:
    root = parse(health_chart())
    series = root.findall(".//svg:g[@class='series']", NS)
    assert [g.get("data-series") for g in series] == ["Calcolato", "Pubblicato"]
    computed_points = series[0].findall("*[@class='point']")
    assert len(computed_points) == 2  # 2017 has no value: no point, no zero
    assert "18,4 %" in texts(root)
    assert "2017" in texts(root)  # the year stays on the axis


def test_a_flat_series_gets_round_ticks() -> None:
    root = parse(line_chart([Series("A", [(2016, D("80.02")), (2017, D("80"))])], title="t", y_label="y"))
    ticks = [
        t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("text-anchor") == "end"
    ]
    assert ticks
    assert all("," not in tick for tick in ticks)


def test_higher_values_sit_higher_on_a_line_chart() -> None:
    root = parse(line_chart([Series("A", [(2015, D(10)), (2016, D(90))])], title="t", y_label="y"))
    circles = root.findall(".//svg:circle", NS)
    y2015, y2016 = (float(c.get("cy", "0")) for c in circles[:2])
    assert y2016 < y2015


def test_the_target_band_is_shaded_between_its_limits_and_named_in_the_legend() -> None:
    root = parse(health_chart())
    band = root.find(".//svg:rect[@class='target-band']", NS)
    assert band is not None
    assert float(band.get("height", "0")) > 0
    assert "Intervallo obiettivo: da 15 % a 25 %" in texts(root)


def test_an_open_target_band_says_at_least() -> None:
    svg = line_chart([Series("A", [(2016, D(2))])], title="t", y_label="y", target_band=(D(1), None))
    assert "Intervallo obiettivo: almeno 1" in texts(parse(svg))


def test_series_are_told_apart_by_marker_shape_and_dash_not_by_colour_alone() -> None:
    root = parse(health_chart())
    series = root.findall(".//svg:g[@class='series']", NS)
    assert series[0].find("svg:circle", NS) is not None
    assert series[1].find("svg:rect", NS) is not None
    assert series[1].find("svg:polyline", NS).get("stroke-dasharray")  # type: ignore[union-attr]


def test_charts_are_deterministic_and_distinct_charts_have_distinct_ids() -> None:
    assert health_chart() == health_chart()
    other = line_chart([Series("A", [(2016, D(2))])], title="altro", y_label="y")
    assert parse(health_chart()).find("svg:title", NS).get("id") != parse(other).find("svg:title", NS).get(
        "id"
    )  # type: ignore[union-attr]


def test_text_is_escaped() -> None:
    root = parse(bar_chart([Bar("Ricavi <netti> & oneri", D(50))], title="A & B"))
    assert root.find("svg:title", NS).text == "A & B"  # type: ignore[union-attr]
    assert "Ricavi <netti> & oneri" in texts(root)


def test_a_bar_chart_writes_each_value_with_its_status_and_draws_the_100_percent_line() -> None:
    svg = bar_chart(
        [
            Bar("Competitività", D("83.333"), "yellow"),
            Bar("Semplificazione", D(100), "green"),
            Bar("Nuovo", None),
        ],
        title="Raggiungimento degli obiettivi strategici",
    )
    root = parse(svg)
    labels = texts(root)
    assert "83,3 % · giallo" in labels
    assert "100 % · verde" in labels
    assert "non calcolato" in labels
    assert "Obiettivo 100 %" in labels
    bars = root.findall(".//svg:g[@class='bar']", NS)
    widths = [float(r.get("width", "0")) for g in bars for r in g.findall("svg:rect", NS)]
    assert len(widths) == 2
    assert widths[0] < widths[1]


def test_long_bar_labels_are_shortened_with_the_full_label_as_tooltip() -> None:
    name = "Sostenere la competitività delle imprese del territorio lucchese"
    root = parse(bar_chart([Bar(name, D(50))], title="t"))
    label = next(t for t in root.iter("{http://www.w3.org/2000/svg}text") if (t.text or "").endswith("…"))
    assert label.find("svg:title", NS).text == name  # type: ignore[union-attr]


@pytest.mark.parametrize(("status", "words"), [("green", "verde"), ("yellow", "giallo"), ("red", "rosso")])
def test_a_traffic_light_says_its_status_in_words(status: str, words: str) -> None:
    root = parse(traffic_light(status))
    assert root.find("svg:title", NS).text == words  # type: ignore[union-attr]
    assert texts(root) == [words]
    assert root.get("data-status") == status


def test_a_traffic_light_without_status_says_not_computed_and_accepts_a_custom_label() -> None:
    assert texts(parse(traffic_light(None))) == ["non calcolato"]
    assert texts(parse(traffic_light("green", "83,3 % · verde"))) == ["83,3 % · verde"]


def test_the_traffic_dot_alone_is_hidden_from_screen_readers() -> None:
    assert parse(traffic_dot("red")).get("aria-hidden") == "true"


def test_a_distribution_counts_each_score_in_its_class_and_100_in_the_last() -> None:
    svg = distribution_chart([D(95), D(100), D(88), D(55), D(91)], title="Distribuzione dei punteggi")
    root = parse(svg)
    counts = [int(g.get("data-count", "0")) for g in root.findall(".//svg:g[@class='bin']", NS)]
    assert len(counts) == 10
    assert counts[-1] == 3
    assert counts[-2] == 1
    assert counts[5] == 1
    assert "90–100 %" in texts(root)
    assert "Distribuzione di 5 valori" in root.find("svg:desc", NS).text  # type: ignore[union-attr,operator]


def test_an_empty_distribution_is_still_a_chart() -> None:
    root = parse(distribution_chart([], title="Nessuna valutazione"))
    assert all(g.get("data-count") == "0" for g in root.findall(".//svg:g[@class='bin']", NS))


def test_a_chart_converts_to_a_png_of_the_requested_width() -> None:
    png = svg_to_png(health_chart(), 800)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert width == 800
    assert 0 < height < width


def test_where_two_series_coincide_the_figure_is_written_once() -> None:
    svg = line_chart(
        [Series("Calcolato", [(2017, D("80.02"))]), Series("Pubblicato", [(2017, D("80.0"))], dashed=True)],
        title="t",
        y_label="y",
        unit="%",
    )
    values = [
        t.text for t in parse(svg).iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "value"
    ]
    assert values == ["80 %"]
