"""Small help centers in German, Spanish, French, Japanese, Chinese and Arabic, as content folders: what the search tests
(tests/unit/search/test_languages.py, tests/js/languages_search.test.js, tests/browser/test_search_languages.py)
build and query. Each question is (folder slug or None, question, answer); a section's folder is
slugged from its title, so the Japanese, Chinese and Arabic ones keep their script.
"""

from __future__ import annotations

from pathlib import Path

from kbgen.urls import question_slug, slugify

#: Per language: {section title: [(question, answer), ...]}.
SITES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "de": {
        "Rückgabe und Erstattung": [
            (
                "Wie bekomme ich eine Rückerstattung?",
                "Rückerstattungen werden innerhalb von 14 Tagen auf Ihr Konto überwiesen.",
            ),
            (
                "Kann ich eine Bestellung stornieren?",
                "Eine Stornierung ist möglich, solange das Paket nicht versandt wurde.",
            ),
        ],
        "Versand": [
            ("Wie lange dauert der Versand?", "Die Lieferung dauert in Deutschland zwei bis drei Werktage."),
            ("Welche Versandkosten fallen an?", "Ab einem Bestellwert von 50 Euro versenden wir kostenlos."),
        ],
    },
    "fr": {
        "Retours et remboursements": [
            ("Comment obtenir un remboursement ?", "Les remboursements sont versés sous 14 jours sur votre compte."),
            ("Puis-je annuler ma commande ?", "Vous pouvez annuler tant que le colis n’a pas été expédié."),
        ],
        "Livraison": [
            ("Quels sont les délais de livraison ?", "La livraison prend deux à trois jours ouvrés en France."),
        ],
        "Membres": [
            (
                "Quels sont les avantages de l’adhésion ?",
                "Chaque commande rapporte des points, échangeables contre des bons d’achat.",
            ),
        ],
    },
    "es": {
        "Devoluciones y reembolsos": [
            ("¿Cómo solicito un reembolso?", "Los reembolsos se abonan en tu cuenta en un plazo de 14 días."),
            ("¿Puedo cancelar mi pedido?", "Puedes cancelarlo mientras el paquete no haya sido enviado."),
        ],
        "Envíos": [
            ("¿Cuánto tarda el envío?", "La entrega tarda de dos a tres días laborables en España."),
        ],
    },
    "ja": {
        "配送について": [
            ("商品はいつ届きますか？", "通常3〜5営業日でお届けします。"),
            ("送料はいくらですか？", "5,000円以上のご注文で送料無料です。"),
            ("配送状況を確認できますか？", "発送完了メールに記載の追跡番号でご確認いただけます。"),
        ],
        "返品・交換": [
            ("返品はできますか？", "未開封の商品に限り、到着後7日以内であれば返品を承ります。"),
            ("ブラインドボックスの交換はできますか？", "開封後のブラインドボックスは交換できません。"),
        ],
    },
    "zh": {
        "配送与物流": [
            ("我的订单什么时候发货？", "付款成功后，我们会在两个工作日内安排发货。"),
            ("运费是多少？", "订单满199元即可享受免费配送服务。"),
            ("如何查询物流信息？", "您可以在订单详情页面查看快递单号和物流进度。"),
        ],
        "退款与售后": [
            ("如何申请退款？", "请在收货后七天内联系客服申请退款，退款将原路返回。"),
            ("盲盒可以退换吗？", "盲盒拆封后不支持退换，请谅解。"),
            ("会员积分怎么使用？", "会员积分可以在结账时抵扣现金。"),
        ],
    },
}

SITES["ar"] = {
    "الشحن والتوصيل": [
        ("متى يصل طلبي؟", "يصل الطلب عادةً خلال ثلاثة إلى خمسة أيام عمل."),
        ("كم تبلغ تكلفة الشحن؟", "الشحن مجاني للطلبات التي تزيد قيمتها على مئتي ريال."),
        ("كيف أتتبع شحنتي؟", "ستجد رقم التتبع في رسالة تأكيد الشحن."),
    ],
    "الإرجاع والاسترداد": [
        ("كيف أسترد أموالي؟", "نعيد المبلغ إلى بطاقتك خلال أربعة عشر يومًا من استلام المرتجعات."),
        ("هل يمكنني إلغاء طلبي؟", "يمكنك إلغاء الطلب ما دام لم يُشحن بعد."),
        ("ما مدة صلاحية النقاط؟", "النقاط صالحة لمدة سنة واحدة من تاريخ الشراء."),
    ],
}

TITLES = {
    "ar": "مركز المساعدة",
    "de": "Hilfe-Center",
    "es": "Centro de ayuda",
    "fr": "Centre d’aide",
    "ja": "ヘルプセンター",
    "zh": "帮助中心",
}


def write_language_site(language: str, folder: Path) -> Path:
    """Write the `language` help center into `folder` (created); returns it."""
    sections = folder / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(
        f"title: {TITLES[language]}\nlanguage: {language}\ncontact:\n  email: help@example.org\n", encoding="utf-8"
    )
    for number, (title, questions) in enumerate(SITES[language].items(), start=1):
        section = sections / f"{number:02d}-{slugify(title)}"
        section.mkdir(parents=True)
        (section / "_section.yaml").write_text(f"title: {title}\n", encoding="utf-8")
        for order, (question, answer) in enumerate(questions, start=1):
            slug = question_slug(question)
            (section / f"{order:02d}-{slug}.md").write_text(
                f"---\nquestion: {question}\n---\n{answer}\n", encoding="utf-8"
            )
    return folder


def search_fixtures(folder: Path) -> dict:
    """Per language: the search index (inline and split, with its parts) and the build's terms and field
    lengths, for tests/js/languages_search.test.js. The content folders are written under `folder`."""
    from kbgen.load.loader import load_help_center
    from kbgen.search.documents import collect_docs
    from kbgen.search.index import build_index
    from kbgen.search.languages import search_language
    from kbgen.search.shards import SearchLimits, search_transport, to_json_bytes

    out = {}
    for language in SITES:
        hc, _ = load_help_center(write_language_site(language, folder / language))
        built = build_index(*collect_docs(hc), search_language(language))
        split = search_transport(hc, SearchLimits(inline_text=0, shard_postings=20))
        out[language] = {
            "inline": _json(to_json_bytes(search_transport(hc).index)),
            "split": _json(to_json_bytes(split.index)),
            "parts": {name: _json(data) for name, data in split.parts.items()},
            "terms": list(built.terms),
            "lengths": [list(per_doc) for per_doc in built.lengths],
        }
    return out


def _json(data: bytes) -> object:
    import json

    return json.loads(data)
