"""Drive a Voilà + ipywidgets 8 + Altair ``JupyterChart`` page as a user would: selectors,
sliders moved with the keyboard or typed into, a lever's slider found, bars counted."""

from __future__ import annotations

# Selectors for Voilà + ipywidgets 8 + Altair's JupyterChart.
CHART_SVG = ".vega-embed svg.marks"  # vega's root <svg>; ".vega-embed svg" also matches the
#                                      icon of the "…" actions menu
SLIDER_HANDLE = ".widget-slider .noUi-handle"  # ipywidgets 8 sliders are noUiSlider
SLIDER_READOUT = ".widget-readout"


def control_handle(page, control: str):
    """The slider handle of lever/assumption ``control``, its accordion group opened if closed."""
    handle = page.locator(f".sl-ctl-{control} .noUi-handle")
    if not handle.is_visible():
        page.evaluate(
            "c => document.querySelector('.sl-ctl-' + c).closest('.jupyter-widget-Collapse')"
            ".querySelector('.jupyter-widget-Collapse-header').click()",
            control,
        )
    handle.wait_for(state="visible")
    return handle


def slider_value(page, index: int = 0) -> float:
    """The value shown by the ``index``-th slider's handle (``aria-valuenow``)."""
    return float(page.locator(SLIDER_HANDLE).nth(index).get_attribute("aria-valuenow"))


def press_slider(page, key: str, index: int = 0, times: int = 1) -> None:
    """Move the ``index``-th slider as a user would with the keyboard.

    noUiSlider handles take focus and react to ArrowLeft/ArrowRight (one step),
    PageDown/PageUp (several steps), Home/End (min/max); each press is one value change.
    """
    handle = page.locator(SLIDER_HANDLE).nth(index)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def set_slider(page, value: float, index: int = 0, step: float = 1.0) -> None:
    """Move the ``index``-th slider to ``value`` with arrow keys (one press per step)."""
    delta = round((value - slider_value(page, index)) / step)
    if delta:
        press_slider(page, "ArrowRight" if delta > 0 else "ArrowLeft", index, abs(delta))
    page.wait_for_function(
        "([sel, i, v]) => Number(document.querySelectorAll(sel)[i]"
        ".getAttribute('aria-valuenow')) === v",
        arg=[SLIDER_HANDLE, index, value],
    )


def type_slider(page, value: float, index: int = 0) -> None:
    """Set the ``index``-th slider by typing into its editable readout, then Enter."""
    readout = page.locator(SLIDER_READOUT).nth(index)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def chart_bar_count(page, index: int = 0) -> int:
    """Number of bars drawn in the ``index``-th chart."""
    return page.locator(CHART_SVG).nth(index).locator(".mark-rect path").count()
