"""Addresses of the reviewer pages, under /review/."""

from django.urls import path

from commendations import views

app_name = "commendations"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/action/", views.nomination_action, name="nomination_action"),
    path("nominations/<int:pk>/publish/", views.nomination_publish, name="nomination_publish"),
    path("nominations/<int:pk>/forward/", views.nomination_forward, name="nomination_forward"),
    path("public-comment/", views.public_list, name="public_comment"),
    path("public-comment/<int:pk>/", views.public_comment, name="public_comment_add"),
    path("nominations/<int:pk>/delete/", views.nomination_delete, name="nomination_delete"),
    path("nominations/<int:pk>/files/", views.dossier_upload, name="dossier_upload"),
    path("nominations/<int:pk>/report.<str:file_format>", views.report_file, name="report"),
    path("files/<int:pk>/", views.dossier_file, name="dossier_file"),
    path("files/<int:pk>/remove/", views.dossier_remove, name="dossier_remove"),
    path(
        "proposals/<int:unit>/<int:year>.<str:file_format>",
        views.proposal_file,
        name="proposal",
    ),
    path("council/", views.sessions, name="sessions"),
    path("council/<int:pk>/", views.session_detail, name="session"),
    path("council/<int:pk>/presence/", views.session_presence, name="session_presence"),
    path("council/<int:pk>/vote/", views.session_vote, name="session_vote"),
    path("council/<int:pk>/close/", views.session_close, name="session_close"),
    path("council/ballots/<int:pk>/", views.vote_ballot, name="vote_ballot"),
    path("council/<int:pk>/minutes.pdf", views.session_minutes, name="session_minutes"),
    path("council/<int:pk>/minutes.docx", views.session_minutes_docx, name="session_minutes_docx"),
    path("council/<int:pk>/signed.pdf", views.session_signed_copy, name="session_signed_copy"),
    path(
        "council/<int:pk>/signed/remove/",
        views.session_signed_copy_remove,
        name="session_signed_copy_remove",
    ),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/list.xlsx", views.decision_xlsx, name="decision_xlsx"),
    path(
        "decisions/<int:pk>/decision.<str:file_format>",
        views.decision_document_file,
        name="decision_document",
    ),
    path("decisions/<int:pk>/print/", views.decision_print, name="decision_print"),
    path("decisions/<int:pk>/signed.pdf", views.decision_signed_copy, name="decision_signed_copy"),
    path(
        "decisions/<int:pk>/signed/remove/",
        views.decision_signed_copy_remove,
        name="decision_signed_copy_remove",
    ),
    path("prints/<int:pk>/", views.print_job, name="print_job"),
    path("prints/<int:pk>/progress/", views.print_job_progress, name="print_job_progress"),
    path("prints/<int:pk>/certificates.pdf", views.print_job_file, name="print_job_file"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("suggestions/", views.suggestions, name="suggestions"),
]
