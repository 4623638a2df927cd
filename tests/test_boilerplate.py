from features.read.boilerplate import is_credit, is_outlet_header, repeated


def test_outlet_header_is_short_capitals():
    assert is_outlet_header("LE MONDE")
    assert not is_outlet_header("L'OTAN en pourparlers pour mettre les armes nucléaires en alerte, selon Stoltenberg")
    assert not is_outlet_header("OTAN.")


def test_caption_with_photo_credit():
    caption = ("Un démineur ukrainien de la défense territoriale prend des munitions russes, "
               "le jeudi 13 octobre 2022. (Francisco Seco/Associated Press)")
    assert is_credit(caption)
    assert is_credit("Photo : AFP")
    assert not is_credit("Un rapport récent de l’Institut international d’études stratégiques (IISS), basé à Londres.")


def test_repeated_lines():
    assert repeated(["Jens Stoltenberg - OTAN", "Texte.", "Jens Stoltenberg - OTAN "]) == {"Jens Stoltenberg - OTAN"}
