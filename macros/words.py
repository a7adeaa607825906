"""The site's own words in each of its languages: everything the engine writes into a page itself (the
"In short" box's title, state notes, citation marks, the glossary pages' headings), so a Spanish page
reads in Spanish. Material's own interface strings come from the theme (theme.language)."""
from __future__ import annotations

LANGUAGES = ("en", "es")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "in_short": "In short",
        "law": "law",
        "law_label": "law: {label}",
        "sources_heading": "Sources",
        "sources_summary_one": "Show the {n} rule this page rests on",
        "sources_summary": "Show the {n} rules this page rests on",
        "note_own_title": "Your state may set its own timeline",
        "note_floor_title": "Your state may do more, not less",
        "note_both_title": "Your state's rules may differ",
        "note_comes": "{numbers} comes from federal rules{marks}.",
        "note_come": "{numbers} come from federal rules{marks}.",
        "note_own": "Your state may set its own instead.",
        "note_floor": "Your state may do more for you, but never less.",
        "note_generic": "This is the federal rule{marks}. For many steps, a state may set its own timeline or add its own rules.",
        "note_ask": "Ask your school district or your state's parent center which rule applies where you live.",
        "and": "and",
        "state_own": "Your state may set its own",
        "state_floor": "Your state may do more for you, not less",
        "state_federal": "The same in every state",
        "fact_title": "Federal rule; {state}: see the note",
        "deadlines_head": "Step|Federal deadline|Rule|Can your state change it?",
        "define_more": "More about {name} in the glossary",
        "also_called": "Also called:",
        "law_says": "What the law says",
        "practice": "This is an everyday term used in schools. Federal law does not define it.",
        "related": "Related terms",
        "used_on": "Used on",
        "no_page_yet": "No page links this term yet.",
        "back_to_glossary": "Back to the glossary",
        "glossary_letters": "Glossary letters",
        "see": "see",
        "numbers_letter": "0–9",
    },
    "es": {
        "in_short": "En resumen",
        "law": "ley",
        "law_label": "ley: {label}",
        "sources_heading": "Fuentes",
        "sources_summary_one": "Ver la {n} norma en la que se basa esta página",
        "sources_summary": "Ver las {n} normas en las que se basa esta página",
        "note_own_title": "Su estado puede fijar sus propios plazos",
        "note_floor_title": "Su estado puede darle más, no menos",
        "note_both_title": "Las reglas de su estado pueden ser distintas",
        "note_comes": "{numbers} viene de las reglas federales{marks}.",
        "note_come": "{numbers} vienen de las reglas federales{marks}.",
        "note_own": "Su estado puede fijar otro plazo en su lugar.",
        "note_floor": "Su estado puede darle más, pero nunca menos.",
        "note_generic": "Esta es la regla federal{marks}. En muchos pasos, un estado puede fijar sus propios plazos o añadir sus propias reglas.",
        "note_ask": "Pregunte a su distrito escolar o al centro de padres de su estado qué regla se aplica donde usted vive.",
        "and": "y",
        "state_own": "Su estado puede fijar el suyo",
        "state_floor": "Su estado puede darle más, no menos",
        "state_federal": "Igual en todos los estados",
        "fact_title": "Regla federal; {state}: vea la nota",
        "deadlines_head": "Paso|Plazo federal|Norma|¿Puede cambiarlo su estado?",
        "define_more": "Más sobre {name} en el glosario",
        "also_called": "También se dice:",
        "law_says": "Qué dice la ley",
        "practice": "Es una palabra de uso común en las escuelas. La ley federal no la define.",
        "related": "Términos relacionados",
        "used_on": "Aparece en",
        "no_page_yet": "Todavía ninguna página enlaza este término.",
        "back_to_glossary": "Volver al glosario",
        "glossary_letters": "Letras del glosario",
        "see": "vea",
        "numbers_letter": "0–9",
    },
}


def words(language: str) -> dict[str, str]:
    """The site's words in a language (English for any other)."""
    return WORDS.get(language, WORDS["en"])
