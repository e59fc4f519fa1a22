from voclab.exceptions import ConfigError, FormatError, VoclabError


def test_message_names_location_and_fix_on_one_line():
    err = FormatError("bad\nquote", path="a.csv", line=4, column=7, hint="close the\nquote")
    assert str(err) == "a.csv:4:7: bad quote — fix: close the quote"
    assert isinstance(err, VoclabError)


def test_location_parts_are_optional():
    assert str(ConfigError("unknown key 'x'")) == "unknown key 'x'"
    assert FormatError("empty", path="f.json").location == "f.json"
