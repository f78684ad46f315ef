"""Radio buttons, checkboxes and selection lists whose state is drawn, not only coloured.

Textual draws an on and an off radio button with the same ``●`` (and a checkbox
with the same ``X``), told apart by colour alone: invisible on a monochrome
terminal and to many colour-blind people. These draw ``●``/``○`` and ``X``/blank.
A radio set also starts its highlight on the pressed button (the current
choice), not on the first.
"""

from __future__ import annotations

from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, RadioSet, SelectionList

ON_RADIO, OFF_RADIO = "●", "○"
ON_BOX, OFF_BOX = "X", " "


class MarkedRadioButton(RadioButton):
    """``●`` when chosen, ``○`` when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return ON_RADIO if self.value else OFF_RADIO


class MarkedCheckbox(Checkbox):
    """``X`` when ticked, blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return ON_BOX if self.value else OFF_BOX


class CurrentRadioSet(RadioSet):
    """A radio set whose highlight starts on the pressed button (the current choice)."""

    def on_mount(self) -> None:
        # After RadioSet's own mount handler, which highlights the first button.
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        pressed = self.pressed_index
        if pressed >= 0:
            self._selected = pressed  # Textual's highlight (a private var: no public setter)


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose unticked options show a blank box, not a grey ``X``."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2:
            return strip
        meta = segments[1].style.meta if segments[1].style else {}
        index = meta.get("option") if meta else None
        if index is None or segments[1].text != ON_BOX:
            return strip
        if self.get_option_at_index(index).value in self.selected:
            return strip
        _, style, control = segments[1]
        segments[1] = type(segments[1])(OFF_BOX, style, control)
        return Strip(segments, strip.cell_length)
