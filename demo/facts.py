"""Facts for the demo content: the ten signed Implementation Agreements.

Dates and titles come from public announcements (see shared DOMAIN.md). Values that no public
source gives are left empty; the pages then say "to be announced" instead of guessing.
"""

from datetime import date

PERU_PRESS_RELEASE = (
    "https://www.mti.gov.sg/Newsroom/Press-Releases/2025/04/"
    "Singapore-Signs-Implementation-Agreement-On-Carbon-Credits-Collaboration-With-Peru"
)

AGREEMENTS = [
    {
        "slug": "papua-new-guinea",
        "partner_country": "Papua New Guinea",
        "partner_party": "Government of the Independent State of Papua New Guinea",
        "signed_on": date(2023, 12, 8),
        "signed_place": "Dubai, at COP28",
        "application_status": "not_yet_open",
        "application_status_note": (
            "The application process is published; its forms are still being prepared."
        ),
        "summary": (
            "Singapore's first Implementation Agreement, signed at COP28. It sets out how "
            "mitigation projects in Papua New Guinea can be authorised to transfer credits."
        ),
        "stages": [
            {
                "title": "Feasibility",
                "purpose": "Checks that the proposed project fits the agreement before design.",
                "applicant_submits": "A project application describing the proposed activity.",
                "applicant_receives": (
                    "A Letter of Support, valid for one year, and a Letter of Intent from the "
                    "host country."
                ),
                "requirements": ["Feasibility-stage application form"],
            },
            {
                "title": "Design",
                "purpose": "Reviews the full project design.",
                "applicant_submits": "A Project Design Document (PDD).",
                "applicant_receives": (
                    "A recommendation from the host country, with the earlier support reaffirmed."
                ),
                "requirements": ["Project Design Document template"],
            },
        ],
    },
    {
        "slug": "ghana",
        "partner_country": "Ghana",
        "partner_party": "Government of the Republic of Ghana",
        "signed_on": date(2024, 5, 27),
        "signed_place": "virtual signing",
        "application_status": "open",
        "application_status_since": date(2024, 9, 30),
        "application_status_note": "This is the first call for applications.",
        "summary": (
            "Signed virtually in May 2024. Projects may use Gold Standard or Verra VCS "
            "methodologies listed on the agreement's eligibility list."
        ),
        "co_chairs": [
            (
                "singapore",
                "Director-General of Climate Change",
                "National Climate Change Secretariat",
            ),
            (
                "partner",
                "Director of Environment",
                "Ministry of Environment, Science, Technology and Innovation",
            ),
        ],
        "milestones": [("call_opened", date(2024, 9, 30), "First call for applications")],
    },
    {
        "slug": "bhutan",
        "partner_country": "Bhutan",
        "partner_party": "Royal Government of Bhutan",
        "signed_on": date(2025, 2, 28),
        "application_status": "not_yet_open",
        "application_status_note": (
            "Forms, fees and the first Joint Committee meeting are still pending."
        ),
        "summary": (
            "Negotiations concluded at COP28 in December 2023 and the agreement was signed in "
            "February 2025. Its eligibility list is published."
        ),
    },
    {
        "slug": "peru",
        "partner_country": "Peru",
        "partner_party": "Government of the Republic of Peru",
        "negotiations_concluded_on": date(2024, 11, 21),
        "signed_on": date(2025, 3, 31),
        "signed_place": "virtual signing",
        "press_release_url": PERU_PRESS_RELEASE,
        "application_status": "open",
        "application_status_since": date(2025, 10, 24),
        "application_status_note": "This is the second call for applications.",
        "summary": (
            "Concluded at COP29 and signed on 31 March 2025. Open for project applications "
            "through a three-stage process."
        ),
        "documents": [
            ("main_text", "", "Implementation Agreement between Singapore and Peru"),
            (
                "annex",
                "A",
                "Annex A - Processes for the Authorisation of Mitigation Activities, and the "
                "Issuance and Transfer of ITMOs",
            ),
            ("annex", "B", "Annex B - Terms of Reference of the Joint Committee"),
            (
                "annex",
                "C",
                "Annex C - Procedure for Project Participants to Resolve Disputes with Peru "
                "Relating to the Applications of Corresponding Adjustments",
            ),
        ],
        "co_chairs": [
            ("singapore", "Director (Carbon Planning Division)", "National Environment Agency"),
            (
                "partner",
                "Director-General, General Directorate of Climate Change and Desertification",
                "Ministry of the Environment",
            ),
        ],
        "stages": [
            {
                "title": "Project design",
                "purpose": (
                    "The host country and Singapore review whether the proposed mitigation "
                    "activity qualifies under the agreement."
                ),
                "applicant_submits": "An application describing the project's design.",
                "applicant_receives": "A decision on whether the project may proceed.",
                "requirements": ["Stage 1 application form"],
            },
            {
                "title": "Implementation plan",
                "purpose": (
                    "The project's plan for implementation is assessed before the activity "
                    "is authorised."
                ),
                "applicant_submits": "The project's implementation plan and supporting documents.",
                "applicant_receives": "Authorisation of the mitigation activity, if approved.",
                "requirements": ["Stage 2 application form"],
            },
            {
                "title": "Corresponding adjustments",
                "purpose": (
                    "Once credits are issued and transferred, the host country applies "
                    "corresponding adjustments so each tonne is counted once."
                ),
                "applicant_submits": "A request to transfer the authorised mitigation outcomes.",
                "applicant_receives": "Confirmation that corresponding adjustments are applied.",
                "requirements": ["Transfer request form"],
            },
        ],
        "milestones": [("call_opened", date(2025, 10, 24), "Second call for applications")],
    },
    {
        "slug": "chile",
        "partner_country": "Chile",
        "partner_party": "Government of the Republic of Chile",
        "signed_on": date(2025, 4, 7),
        "summary": "Signed on 7 April 2025; not yet open for project applications.",
    },
    {
        "slug": "rwanda",
        "partner_country": "Rwanda",
        "partner_party": "Government of the Republic of Rwanda",
        "signed_on": date(2025, 5, 6),
        "summary": "Signed on 6 May 2025; not yet open for project applications.",
    },
    {
        "slug": "paraguay",
        "partner_country": "Paraguay",
        "partner_party": "Government of the Republic of Paraguay",
        "signed_on": date(2025, 5, 23),
        "summary": (
            "Negotiations concluded at COP28 in December 2023; signed on 23 May 2025. Not yet "
            "open for project applications."
        ),
    },
    {
        "slug": "thailand",
        "partner_country": "Thailand",
        "partner_party": "Government of the Kingdom of Thailand",
        "signed_on": date(2025, 8, 19),
        "signed_place": "Bangkok",
        "application_status_note": "The eligibility list was published on 18 November 2025.",
        "summary": (
            "Singapore's first Implementation Agreement with a fellow ASEAN member, signed in "
            "Bangkok in August 2025."
        ),
        "milestones": [("eligibility_list", date(2025, 11, 18), "")],
    },
    {
        "slug": "vietnam",
        "partner_country": "Vietnam",
        "partner_party": "Government of the Socialist Republic of Viet Nam",
        "signed_on": date(2025, 9, 16),
        "signed_place": "virtual signing",
        "summary": "Signed virtually on 16 September 2025; not yet open for project applications.",
    },
    {
        "slug": "mongolia",
        "partner_country": "Mongolia",
        "partner_party": "Government of Mongolia",
        "signed_on": date(2025, 10, 6),
        "summary": "Signed on 6 October 2025; not yet open for project applications.",
    },
]

# Ordinary pages: (reverse_id, title, slug, paragraphs of prose written for this site).
STANDARD_PAGES = [
    (
        "faq",
        "Frequently asked questions",
        "faq",
        [
            "<h2>What is an Implementation Agreement?</h2><p>It is a legally binding treaty "
            "between Singapore and a host country under Article 6.2 of the Paris Agreement. It "
            "sets out how mitigation projects are authorised, how credits are transferred and "
            "how both countries adjust their emissions accounts so that no tonne is counted "
            "twice.</p>",
            "<h2>What is an ITMO?</h2><p>An Internationally Transferred Mitigation Outcome: a "
            "carbon credit for which the host country makes a corresponding adjustment.</p>",
            "<h2>How do I apply to have a project authorised?</h2><p>Open the agreement for the "
            "host country, check whether it is open for applications, and follow the stages "
            "on its Application Process tab.</p>",
            "<h2>Who may buy authorised credits first?</h2><p>Authorised credits must first be "
            "sold or transferred to an Eligible Entity: a Singapore-based entity that meets "
            "tax-residency, business and local-employment tests, or the Government.</p>",
        ],
    ),
    (
        "contact",
        "Contact",
        "contact",
        [
            "<p>Write to us about an Implementation Agreement, an application for authorisation "
            "or this site with the form below, or by post. For questions about one agreement, "
            "choose it in the form so that the right team answers.</p>",
            "<h2>Postal address</h2><p>Carbon Markets Cooperation Office<br>1 Example Road, "
            "#00-00<br>Singapore 000000</p><p><em>Illustrative address for the demonstration "
            "site: editors replace it with the agency's postal address.</em></p>",
        ],
    ),
    (
        "privacy",
        "Privacy Statement",
        "privacy",
        [
            "<p>This site does not use third-party trackers and sets no cookies for visitors "
            "reading its pages. The contact page and the e-mail alerts sign-up page set one "
            "cookie, a security token that stops other sites from sending forms in your name; "
            "it holds nothing about you and ends when you close your browser. Server logs are "
            "kept only as long as needed to run the site securely.</p>",
            "<h2>Messages sent through the contact page</h2><p>When you send a message we keep "
            "your e-mail address, your name if you give it, the agreement and topic you chose, "
            "your message, the consent statement you agreed to, the time, and a one-way coded "
            "form of your network address that lets us limit how many messages can be sent from "
            "one place. We do not keep the network address itself.</p><p>We use these details "
            "only to answer you and to improve this site. They are seen by the officers who "
            "answer enquiries, and we send you one acknowledgement by e-mail. Each message is "
            "deleted {retention_days} days after it arrives.</p>",
            "<h2>E-mail alerts</h2><p>When you ask for e-mail alerts we keep your e-mail "
            "address, your choices (one agreement or all of them, and which kinds of update) "
            "and the dates you asked and confirmed. We use them only to send the alerts you "
            "asked for, and we send nothing until you follow the link in our first e-mail. A "
            "request that is not confirmed within 7 days is deleted, and our record of which "
            "alerts were sent to you is deleted after 30 days.</p><p>Every alert has a link to "
            "see or delete your subscriptions and a link to unsubscribe at once; unsubscribing "
            "deletes your address and choices. Officers see how many people follow each "
            "agreement; only officers given that permission can see addresses, and addresses "
            "are never written to the site's logs.</p>",
        ],
    ),
    (
        "terms-of-use",
        "Terms of Use",
        "terms-of-use",
        [
            "<p>The signed agreements published here are the authoritative texts. Summaries on "
            "this site are for convenience and do not replace the signed documents.</p>",
        ],
    ),
]

# Shared blocks (editorial.shared_blocks), created published by the demo loader; editors change
# them in the CMS afterwards. Footer links: (label, CMS page reverse id, or a named URL with an
# optional query and fragment, or an address on another site).
FOOTER_LINKS = [
    ("Contact", {"url_name": "enquiries:contact"}),
    ("Feedback", {"url_name": "enquiries:contact", "suffix": "?topic=site_feedback#enquiry-form"}),
    ("FAQ", {"page": "faq"}),
    ("Privacy Statement", {"page": "privacy"}),
    ("Terms of Use", {"page": "terms-of-use"}),
    ("Report Vulnerability", {"href": "https://www.tech.gov.sg/report_vulnerability"}),
]
# What every project authorised under an Implementation Agreement commits to (DOMAIN.md).
COMMITMENTS_HTML = (
    "<h2>What every authorised project commits to</h2>"
    '<ul class="commitments">'
    "<li><strong>Share of proceeds for adaptation:</strong> 5% of the proceeds from the "
    "authorised credits goes to the host country's needs for adapting to climate change.</li>"
    "<li><strong>Cancellation for overall mitigation:</strong> 2% of the authorised credits are "
    "cancelled when they are first issued, so that the cooperation delivers an overall "
    "mitigation in global emissions (OMGE) rather than only moving tonnes between countries.</li>"
    "<li><strong>First transfer to an Eligible Entity:</strong> authorised credits must first be "
    "sold or transferred to an Eligible Entity: the Government of Singapore, or a Singapore-based "
    "entity that meets the tests on tax residency, business activity and local employees.</li>"
    "</ul>"
)
