"""The on-screen keyboard: pinyin with candidates (full and initials), letters, ID number pad."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture
def keyboard(ui):  # noqa: ANN001, ANN201
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.modalview import ModalView
    from kivy.uix.textinput import TextInput

    from screens.widgets.keyboard import OnScreenKeyboard

    assert ui.services.ime.wait_ready(30), "the pinyin table should load in the background"
    view = ModalView(size_hint=(1, 1), auto_dismiss=False)
    box = BoxLayout(orientation="vertical")
    field = TextInput(font_size=ui.app.theme.body, size_hint_y=None, height=ui.app.theme.touch)
    board = OnScreenKeyboard(target=field)
    box.add_widget(field)
    box.add_widget(board)
    view.add_widget(box)
    view.ids["field"] = field
    view.ids["board"] = board
    view.open(animation=False)
    ui.pump(3)
    yield ui, field, board
    view.dismiss(animation=False)
    ui.pump(2)


def type_keys(ui, letters: str) -> None:  # noqa: ANN001
    for ch in letters:
        ui.tap(f"key_{ch}")


def test_full_pinyin_gives_the_word_first(keyboard) -> None:  # noqa: ANN001
    ui, field, board = keyboard
    type_keys(ui, "juzhuzheng")
    assert board.composing == "juzhuzheng"
    assert ui.find("cand_0").text == "居住证"
    ui.screenshot(ui.artifacts / "keyboard-pinyin.png")
    ui.tap("cand_0")
    assert field.text == "居住证" and board.composing == ""


def test_initials_and_partial_picks_keep_the_rest(keyboard) -> None:  # noqa: ANN001
    ui, field, board = keyboard
    type_keys(ui, "nh")
    assert "你好" in [c[0] for c in board.candidates]
    type_keys(ui, "")
    board.composing = ""
    type_keys(ui, "zhangsan")
    words = [c[0] for c in board.candidates]
    assert "张" in words
    ui.tap(f"cand_{words.index('张')}")
    assert field.text == "张" and board.composing == "san"
    ui.tap("key_backspace")
    assert board.composing == "sa"


def test_no_emoji_is_ever_proposed(keyboard) -> None:  # noqa: ANN001
    ui, _field, board = keyboard
    for letters in ("xiao", "ku", "aixin", "hh"):
        board.composing = letters
        for word, _ in board.candidates:
            assert all("\u3400" <= ch <= "\u9fff" or ch == "·" for ch in word), (letters, word)


def test_letters_mode_and_id_pad(keyboard) -> None:  # noqa: ANN001
    ui, field, board = keyboard
    ui.tap("mode_switch")
    assert board.mode == "letters"
    type_keys(ui, "li")
    assert field.text == "li"
    field.text = ""
    board.mode = "id"
    ui.pump(2)
    for ch in "11010519491231002":
        ui.tap(f"num_{ch}")
    ui.tap("num_x")
    ui.screenshot(ui.artifacts / "keyboard-id.png")
    assert field.text == "11010519491231002X"
    ui.tap("num_backspace")
    assert field.text == "11010519491231002"
