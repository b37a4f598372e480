#include "core/export/htmlexporter.h"

#include "core/call/format.h"
#include "core/export/exportfields.h"
#include "core/export/textreport.h"

namespace Revox {

namespace {

const char browserStyle[] = R"css(
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2430; background: #f6f7f9; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 2.5rem 0 1rem; padding-bottom: .3rem; border-bottom: 2px solid #d5dae1; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
.api { unicode-bidi: isolate; }
table.summary { border-collapse: collapse; background: #fff; border: 1px solid #d5dae1; width: 100%; }
table.summary th { text-align: left; font-weight: 600; color: #4a5564; padding: .35rem .75rem;
                   white-space: nowrap; vertical-align: top; width: 1%; }
table.summary td { padding: .35rem .75rem; overflow-wrap: anywhere; }
table.summary tr + tr > * { border-top: 1px solid #eceff3; }
.turn { margin: .75rem 0; padding: .6rem .9rem; border-radius: 10px; background: #fff;
        border: 1px solid #e2e6eb; }
.turn.assistant { background: #eef4ff; border-color: #cfdcf7; }
.turn.user { background: #fff; }
.speaker { font-weight: 600; font-size: .85rem; color: #4a5564; }
.content { white-space: pre-wrap; overflow-wrap: anywhere; }
.tool { margin: .75rem 0 .75rem 1.5rem; border: 1px solid #d5dae1; border-left: 4px solid #7a8699;
        border-radius: 8px; background: #fafbfc; padding: .5rem .9rem; }
.tool.error { border-color: #e8b4b4; border-left-color: #c62828; background: #fff5f5; }
.tool-name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.badge { display: inline-block; margin-left: .5rem; padding: 0 .45rem; border-radius: 999px;
         font-size: .75rem; font-weight: 700; color: #fff; background: #c62828; }
.label { font-size: .8rem; color: #4a5564; margin-top: .4rem; }
pre { margin: .2rem 0; padding: .5rem .7rem; background: #fff; border: 1px solid #eceff3; border-radius: 6px;
      font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: #4a5564; font-style: italic; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .turn, .tool { break-inside: avoid; }
  .turn.assistant { background: #f2f2f2; }
  .tool, .tool.error { background: #fff; }
  .badge { color: #c62828; background: none; border: 1px solid #c62828; }
}
)css";

const char richTextStyle[] = R"css(
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #1d2430; }
h1 { font-size: 16pt; }
h2 { font-size: 13pt; margin-top: 18px; }
h3 { font-size: 11pt; }
th { text-align: left; color: #4a5564; }
.speaker { font-weight: bold; color: #4a5564; }
.content { white-space: pre-wrap; }
.turn { margin-top: 6px; margin-bottom: 6px; }
.assistant { background-color: #eef4ff; }
.tool { margin-left: 18px; margin-top: 4px; margin-bottom: 4px; background-color: #f1f3f6; }
.error { background-color: #fdecec; }
.tool-name { font-family: "DejaVu Sans Mono", monospace; font-weight: bold; }
.badge { color: #c62828; font-weight: bold; }
.label { color: #4a5564; font-size: 8pt; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; white-space: pre-wrap; }
.note { color: #4a5564; font-style: italic; }
)css";

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QString HtmlExporter::richTextStyleSheet()
{
    return QString::fromUtf8(richTextStyle);
}

QString HtmlExporter::html(const ExportDocument &document) const
{
    const Pieces page = pieces(document);
    return page.opening + page.blocks.join(QString()) + page.closing;
}

HtmlExporter::Pieces HtmlExporter::pieces(const ExportDocument &document,
                                          ExportProgress::Counter *turns) const
{
    const bool browser = m_flavor == Flavor::Browser;
    // Text from the API: escaped, and in a browser isolated from its neighbours' direction.
    const auto api = [browser](const QString &text,
                               const char *tag = "span",
                               const char *cls = nullptr) {
        const QString classes = QString::fromLatin1(cls ? cls : "")
                                + (browser ? QStringLiteral(" api") : QString());
        const QString open = QStringLiteral("<%1%2%3>")
                                 .arg(QString::fromLatin1(tag),
                                      classes.trimmed().isEmpty()
                                          ? QString()
                                          : QStringLiteral(" class=\"%1\"").arg(classes.trimmed()),
                                      browser ? QStringLiteral(" dir=\"auto\"") : QString());
        return open + esc(text) + QStringLiteral("</%1>").arg(QString::fromLatin1(tag));
    };

    Pieces page;
    QString &out = page.opening;
    out.reserve(4096);
    if (browser) {
        out += QStringLiteral(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out += QStringLiteral("<title>Call %1 - transcript</title>\n").arg(esc(document.call.id));
        out += QStringLiteral("<style>") + QString::fromUtf8(browserStyle)
               + QStringLiteral("</style>\n");
        out += QStringLiteral("</head>\n<body>\n<main>\n");
    } else {
        out += QStringLiteral("<html><body>\n");
    }

    out += QStringLiteral("<h1>Call %1</h1>\n").arg(api(document.call.id));
    if (document.includeSummary) {
        out += browser ? QStringLiteral("<table class=\"summary\">\n")
                       : QStringLiteral(
                           "<table class=\"summary\" cellspacing=\"0\" cellpadding=\"3\">\n");
        for (const ExportFields::Field &field : ExportFields::callSummary(document.call)) {
            out += QStringLiteral("<tr><th>%1</th>%2</tr>\n")
                       .arg(esc(field.label), api(field.value, "td"));
        }
        out += QStringLiteral("</table>\n");
    }
    if (document.attempts.isEmpty())
        out += QStringLiteral("<p class=\"note\">This call has no attempts yet.</p>\n");

    ExportProgress::Counter uncounted = ExportProgress().count(0);
    ExportProgress::Counter &counted = turns ? *turns : uncounted;
    QStringList &blocks = page.blocks;
    for (const ExportedAttempt &exported : document.attempts) {
        const CallAttempt &attempt = exported.attempt;
        blocks.append(
            (browser ? QStringLiteral("<section>\n") : QString())
            + QStringLiteral("<h2>%1</h2>\n")
                  .arg(api(TextReport::attemptHeader(attempt, exported.number, exported.count))));
        const QString note = document.note(attempt);
        if (!note.isEmpty())
            blocks.append(QStringLiteral("<p class=\"note\">%1</p>\n").arg(esc(note)));
        const auto speechBlock = [&](const ExportedTurn &turn) {
            const QString roleClass = turn.role == QLatin1String("assistant")
                                          ? QStringLiteral(" assistant")
                                      : turn.role == QLatin1String("user") ? QStringLiteral(" user")
                                                                           : QString();
            if (browser) {
                return QStringLiteral(
                           "<div class=\"turn%1\"><div class=\"speaker\">%2</div>%3</div>\n")
                    .arg(roleClass, api(turn.speaker), api(turn.speech, "div", "content"));
            }
            return QStringLiteral("<p class=\"turn%1\"><span class=\"speaker\">%2: </span>%3</p>\n")
                .arg(roleClass, esc(turn.speaker), api(turn.speech, "span", "content"));
        };
        const bool written = document.forEachTurn(attempt, counted, [&](const ExportedTurn &turn) {
            if (turn.hasSpeech)
                blocks.append(speechBlock(turn));
            if (!turn.isToolCall)
                return;
            // A result names which of its call's results it is; a call, where they are.
            const bool result = turn.kind == ToolCallPairing::Kind::Result
                                || turn.kind == ToolCallPairing::Kind::OrphanResult;
            QString card;
            card += QStringLiteral("<div>%1%2%3</div>\n")
                        .arg(QStringLiteral("<span class=\"speaker\">%1 </span>")
                                     .arg(result ? QStringLiteral("Tool result")
                                                 : QStringLiteral("Tool call"))
                                 + api(turn.toolName, "span", "tool-name"),
                             turn.headline.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" <span class=\"label\">— %1</span>")
                                       .arg(esc(turn.headline)),
                             turn.failed ? QStringLiteral(" <span class=\"badge\">Failed</span>")
                                         : QString());
            if (!turn.note.isEmpty())
                card += QStringLiteral("<div class=\"note\">%1</div>\n").arg(esc(turn.note));
            if (!turn.arguments.isEmpty()) {
                card += QStringLiteral("<div class=\"label\">Arguments</div>\n%1\n")
                            .arg(api(turn.arguments, "pre"));
            }
            if (turn.hasResult && !turn.content.isEmpty()) {
                card += QStringLiteral("<div class=\"label\">%1</div>\n%2\n")
                            .arg(turn.resultLabel, api(turn.content, "pre"));
            }
            // No tables for QTextDocument either: thousands of table frames make its
            // layout quadratic; tinted, indented blocks read as cards on paper too.
            blocks.append(QStringLiteral("<div class=\"tool%1\">\n%2</div>\n")
                              .arg(turn.failed ? QStringLiteral(" error") : QString(), card));
        });
        if (!written)
            return {};
        if (document.includeSummary && attempt.structuredOutput
            && !attempt.structuredOutput->isEmpty()) {
            blocks.append(QStringLiteral("<h3>Structured output</h3>\n%1\n")
                              .arg(api(Format::json(*attempt.structuredOutput), "pre")));
        }
        if (browser)
            blocks.last().append(QStringLiteral("</section>\n"));
    }
    page.closing = browser ? QStringLiteral("</main>\n</body>\n</html>\n")
                           : QStringLiteral("</body></html>\n");
    return page;
}

ExportResult HtmlExporter::writeDocument(const ExportDocument &document,
                                         const ExportProgress &progress) const
{
    ExportProgress::Counter turns = progress.count(document.turnCount());
    const Pieces page = pieces(document, &turns);
    if (turns.isCancelled())
        return ExportResult::stopped();
    QString out = page.opening;
    out.reserve(out.size() + 64 * page.blocks.size());
    for (const QString &block : page.blocks)
        out += block;
    out += page.closing;
    return {out.toUtf8(), {}};
}

} // namespace Revox
