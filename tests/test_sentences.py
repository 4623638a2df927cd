from features.text.sentences import split_sentences


def test_quote_followed_by_attribution_stays_one_sentence():
    para = ("“Alliés de l’OTAN, nous avons de très bons renseignements”, a-t-il déclaré. “Nous avons surveillé "
            "les forces nucléaires russes pendant des décennies.”")
    assert split_sentences(para) == [
        "“Alliés de l’OTAN, nous avons de très bons renseignements”, a-t-il déclaré.",
        "“Nous avons surveillé les forces nucléaires russes pendant des décennies.”",
    ]


def test_straight_quotes_and_guillemets():
    assert split_sentences('Il a dit « non ». "Bien sûr", a-t-il ajouté.') == ["Il a dit « non ».",
                                                                              '"Bien sûr", a-t-il ajouté.']


def test_abbreviations_and_initials_do_not_end_a_sentence():
    assert split_sentences("M. Dupont et J. Smith sont arrivés. Mr. Brown too.") == [
        "M. Dupont et J. Smith sont arrivés.", "Mr. Brown too."]


def test_no_split_before_lower_case():
    assert split_sentences("Voir p. 12 et suiv. pour le détail.") == ["Voir p. 12 et suiv. pour le détail."]
