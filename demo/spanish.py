"""Spanish demo content: an unofficial translation of the home page, the agreements index and
Peru's overview, process and eligibility tabs, through the CMS's own language support (one
``PageContent`` per language, each with its own draft and published versions).

Every sentence translates the English demo content; nothing here adds a fact.
"""

from cms.api import create_page_content
from cms.models import Page, PageContent

from agreements.models import Agreement, JointCommitteeCoChair
from agreements.services import INDEX_REVERSE_ID, current_content, page_add_text, page_publish

LANGUAGE = "es"
UNOFFICIAL = (
    '<p class="unofficial-translation"><strong>Traducción no oficial.</strong> '
    "La versión en inglés de esta página es la de referencia.</p>"
)

HOME_INTRO = (
    "<p>Singapur colabora con países socios en el marco del Artículo 6 del Acuerdo de París para "
    "que los créditos de carbono de alta calidad puedan transferirse de un país a otro sin "
    "contabilizarse dos veces. Cada una de estas alianzas se basa en un Acuerdo de "
    "Implementación jurídicamente vinculante.</p>"
)
HOME_CONTENT = (
    "<h2>Cómo funciona la cooperación</h2><p>El país anfitrión autoriza proyectos de mitigación "
    "en su territorio. Cuando los créditos de esos proyectos se transfieren a Singapur, el país "
    "anfitrión aplica un ajuste correspondiente en sus propias cuentas de emisiones. Cada "
    "proyecto autorizado destina el 5 % de sus ingresos a las necesidades de adaptación del país "
    "anfitrión y cancela el 2 % de sus créditos autorizados en la primera expedición, en favor "
    "de una reducción general de las emisiones mundiales.</p>"
)
INDEX_INTRO = (
    "<p>Singapur ha firmado Acuerdos de Implementación con los países que figuran a "
    "continuación. Abra un acuerdo para consultar sus documentos firmados, su Comité Conjunto y "
    "la forma de presentar una solicitud.</p>"
)
PERU_INTRO = (
    "<p>Singapur y el Perú concluyeron las negociaciones en la COP29 y firmaron su Acuerdo de "
    "Implementación el 31 de marzo de 2025. Los proyectos ubicados en el Perú ya pueden "
    "solicitar su autorización; la pestaña «Proceso de solicitud» explica las tres etapas.</p>"
)
PERU_TITLE = "Acuerdo de Implementación Singapur–Perú"

# (how to find the page, title, menu title, page title, {slot: [html, ...]})
PAGES = [
    (
        "home",
        "Inicio",
        "Inicio",
        "Cooperación en mercados de carbono en el marco del Artículo 6",
        {"intro": [UNOFFICIAL, HOME_INTRO], "content": [HOME_CONTENT]},
    ),
    (
        INDEX_REVERSE_ID,
        "Acuerdos de Implementación",
        "Acuerdos de Implementación",
        None,
        {"intro": [UNOFFICIAL, INDEX_INTRO]},
    ),
    ("peru", PERU_TITLE, "Perú", None, {"intro": [UNOFFICIAL, PERU_INTRO]}),
    (
        "peru/application-process",
        "Proceso de solicitud",
        "Proceso de solicitud",
        f"Proceso de solicitud: {PERU_TITLE}",
        {"intro": [UNOFFICIAL]},
    ),
    (
        "peru/eligibility",
        "Lista de elegibilidad",
        "Lista de elegibilidad",
        f"Lista de elegibilidad: {PERU_TITLE}",
        {"intro": [UNOFFICIAL]},
    ),
]


PERU_ITMO = "resultados de mitigación transferidos internacionalmente (ITMO)"
PERU_DATA = {
    "signed_place": "firma virtual",
    "application_status_note": "Esta es la segunda convocatoria de solicitudes.",
    "summary": (
        "Negociaciones concluidas en la COP29 y firma el 31 de marzo de 2025. Abierto a "
        "solicitudes de proyectos mediante un proceso de tres etapas."
    ),
}
# By the document's annex letter ("" for the main text).
PERU_DOCUMENTS = {
    "": "Acuerdo de Implementación entre Singapur y el Perú",
    "A": (
        "Anexo A - Procesos para la autorización de actividades de mitigación y para la "
        f"expedición y transferencia de {PERU_ITMO}"
    ),
    "B": "Anexo B - Términos de referencia del Comité Conjunto",
    "C": (
        "Anexo C - Procedimiento para que los participantes en proyectos resuelvan "
        "controversias con el Perú relativas a la aplicación de ajustes correspondientes"
    ),
}
PERU_CO_CHAIRS = {
    JointCommitteeCoChair.Party.SINGAPORE: (
        "Director (División de Planificación del Carbono)",
        "Agencia Nacional de Medio Ambiente (National Environment Agency)",
    ),
    JointCommitteeCoChair.Party.PARTNER: (
        "Director General, Dirección General de Cambio Climático y Desertificación",
        "Ministerio del Ambiente",
    ),
}
# By the stage's order.
PERU_STAGES = {
    1: {
        "title": "Diseño del proyecto",
        "purpose": (
            "El país anfitrión y Singapur examinan si la actividad de mitigación propuesta "
            "cumple los requisitos del acuerdo."
        ),
        "applicant_submits": "Una solicitud que describe el diseño del proyecto.",
        "applicant_receives": "Una decisión sobre si el proyecto puede seguir adelante.",
    },
    2: {
        "title": "Plan de implementación",
        "purpose": (
            "Se evalúa el plan de implementación del proyecto antes de autorizar la actividad."
        ),
        "applicant_submits": "El plan de implementación del proyecto y los documentos de apoyo.",
        "applicant_receives": "La autorización de la actividad de mitigación, si se aprueba.",
    },
    3: {
        "title": "Ajustes correspondientes",
        "purpose": (
            "Una vez expedidos y transferidos los créditos, el país anfitrión aplica los "
            "ajustes correspondientes para que cada tonelada se contabilice una sola vez."
        ),
        "applicant_submits": (
            "Una solicitud de transferencia de los resultados de mitigación autorizados."
        ),
        "applicant_receives": (
            "La confirmación de que se han aplicado los ajustes correspondientes."
        ),
    },
}


def _set_spanish(row, values):
    changed = [name for name, text in values.items() if not getattr(row, f"{name}_es")]
    for name in changed:
        setattr(row, f"{name}_es", values[name])
    if changed:
        row.save(update_fields=[f"{name}_es" for name in changed])


def load_spanish_data():
    """Write the Spanish columns of Peru's current data version (the draft on a first load,
    published with the agreement by the loader); columns already filled are left alone."""
    agreement = Agreement.objects.filter(slug="peru").first()
    content = current_content(agreement) if agreement else None
    if content is None:
        return
    if not agreement.partner_country_es:
        agreement.partner_country_es = "Perú"
        agreement.save(update_fields=["partner_country_es"])
    _set_spanish(content, PERU_DATA)
    for document in content.documents.all():
        if document.letter in PERU_DOCUMENTS:
            _set_spanish(document, {"title": PERU_DOCUMENTS[document.letter]})
    for chair in content.co_chairs.all():
        if chair.party in PERU_CO_CHAIRS:
            position, organisation = PERU_CO_CHAIRS[chair.party]
            _set_spanish(chair, {"position_title": position, "organisation": organisation})
    for stage in content.stages.all():
        if stage.order in PERU_STAGES:
            _set_spanish(stage, PERU_STAGES[stage.order])
    for milestone in content.milestones.filter(kind="call_opened"):
        _set_spanish(milestone, {"description": "Segunda convocatoria de solicitudes"})


def _find_page(key):
    """A page by reverse id, or by its place under Peru's overview page ("peru/<slug>")."""
    if "/" not in key and key != "peru":
        return Page.objects.filter(reverse_id=key).first()
    agreement = Agreement.objects.filter(slug="peru").select_related("page").first()
    if agreement is None or agreement.page is None:
        return None
    if key == "peru":
        return agreement.page
    slug = key.split("/", 1)[1]
    for child in agreement.page.get_child_pages():
        if child.get_slug("en", fallback=False) == slug:
            return child
    return None


def load_spanish_pages(*, user):
    """Create and publish the Spanish content of the demo pages; pages that already have Spanish
    content are left alone (idempotent). Returns how many were created."""
    created = 0
    for key, title, menu_title, page_title, slots in PAGES:
        page = _find_page(key)
        if page is None or PageContent.admin_manager.filter(page=page, language=LANGUAGE).exists():
            continue
        english = PageContent.admin_manager.filter(page=page, language="en").order_by("-pk")[0]
        create_page_content(
            LANGUAGE,
            title,
            page,
            menu_title=menu_title,
            page_title=page_title,
            slug=page.get_slug("en", fallback=False) or "",
            created_by=user,
            in_navigation=english.in_navigation,
            template=english.template,
        )
        for slot, paragraphs in slots.items():
            for html in paragraphs:
                page_add_text(page=page, slot=slot, html=html, language=LANGUAGE)
        page_publish(page=page, user=user, language=LANGUAGE)
        created += 1
    return created
