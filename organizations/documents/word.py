"""DOCX documents from templates with placeholders (docxtpl), rendered safely.

A template may come from an administrator's upload, so it is treated as untrusted input:
its size and its unpacked size are limited before it is opened (a DOCX is a zip), its
placeholders are checked against the list its kind offers, and Jinja runs sandboxed so that
no placeholder reaches Python's internals (``{{ ''.__class__ }}`` is refused).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# A zip bomb unpacks a few kilobytes into gigabytes: a template's parts together stay small.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_PARTS = 400


def environment() -> ImmutableSandboxedEnvironment:
    """Return the Jinja environment templates render in: sandboxed, strict, escaping XML."""
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def check_archive(data: bytes) -> None:
    """Refuse a file that is not a small, sane DOCX before anything parses it."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The template is larger than {size} MB.").format(
                size=MAX_TEMPLATE_BYTES // (1024 * 1024)
            ),
            code="too_large",
        )
    not_docx = ValidationError(
        _("The file is not a Word document (DOCX) or it is damaged."), code="not_docx"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise not_docx from error
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The template unpacks to more than {size} MB: it is refused.").format(
                size=MAX_UNPACKED_BYTES // (1024 * 1024)
            ),
            code="too_large_unpacked",
        )
    if "word/document.xml" not in {part.filename for part in parts}:
        raise not_docx


def _source(template: DocxTemplate) -> str:
    """Return the Jinja source of the template's body, headers and footers."""
    template.init_docx()
    source = template.patch_xml(template.get_xml())
    for relation in template.docx.part.rels.values():
        if relation.reltype in (RT.HEADER, RT.FOOTER) and relation.target_part.blob:
            part_xml = template.xml_to_string(parse_xml(relation.target_part.blob))
            source += template.patch_xml(part_xml)
    return source


def _unsafe_attributes(tree: nodes.Template) -> list[str]:
    """Return the attributes and keys a template reaches that start with an underscore."""
    found = [node.attr for node in tree.find_all(nodes.Getattr) if node.attr.startswith("_")]
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
            found.append(str(node.arg.value))
    return found


def load_template(data: bytes) -> DocxTemplate:
    """Open template bytes after the archive checks; a broken file is a clear refusal."""
    check_archive(data)
    template = DocxTemplate(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as error:  # python-docx raises many kinds on a damaged package.
        raise ValidationError(
            _("The file is not a Word document (DOCX) or it is damaged."), code="not_docx"
        ) from error
    return template


def placeholders_of(template: DocxTemplate) -> set[str]:
    """Return the names a template uses, refusing bad syntax and reaching into internals."""
    env = environment()
    try:
        tree = env.parse(_source(template))
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The template has a placeholder written wrongly (line {line}): {error}").format(
                line=error.lineno, error=error.message
            ),
            code="syntax",
        ) from error
    unsafe = _unsafe_attributes(tree)
    if unsafe:
        raise ValidationError(
            _("The template reaches into internals ({names}): this is not allowed.").format(
                names=", ".join(sorted(set(unsafe)))
            ),
            code="unsafe",
        )
    return meta.find_undeclared_variables(tree)


def render(template: DocxTemplate, context: Mapping[str, Any]) -> bytes:
    """Render a loaded template with the context and return the DOCX bytes."""
    template.render(dict(context), jinja_env=environment(), autoescape=True)
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def validate_template(data: bytes, *, allowed: Iterable[str], sample: Mapping[str, Any]) -> None:
    """Check an uploaded template: known placeholders only, and it renders the sample data."""
    template = load_template(data)
    unknown = placeholders_of(template) - set(allowed)
    if unknown:
        raise ValidationError(
            _("The template uses placeholders that do not exist: {names}.").format(
                names=", ".join(sorted(unknown))
            ),
            code="unknown_placeholder",
        )
    try:
        render(template, sample)
    except TemplateError as error:
        # An attribute of a listed placeholder that does not exist, a wrong filter, the
        # sandbox's refusal: the administrator sees which, the page does not fail.
        raise ValidationError(
            _("The template cannot be filled in: {error}").format(error=error.message or error),
            code="render",
        ) from error
    except Exception as error:  # A template whose XML breaks once filled in.
        raise ValidationError(
            _("The template cannot be filled in: {error}").format(error=error), code="render"
        ) from error
