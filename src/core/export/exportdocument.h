#pragma once

#include "calldata.h"
#include "exportoptions.h"

#include <QList>
#include <QString>

namespace Revox {

struct ExportedAttempt
{
    int number = 0; // 1 = the first attempt dialled
    int count = 0;  // attempts the call has in all
    CallAttempt attempt;
};

// What every format renders: the call (already redacted when asked) and the chosen attempts in
// the order they happened. Building it is where selection and redaction are decided, once.
struct ExportDocument
{
    Call call;
    QList<ExportedAttempt> attempts;
    bool includeTools = true;
    bool includeSummary = true;
    bool redacted = false;

    // Empty `error` when the selection exists in this call.
    static ExportDocument build(const Call &call,
                                const ExportOptions &options,
                                QString *error = nullptr);
    // The attempt numbers a selection names in this call, chronological; empty when none.
    static QList<int> selectedNumbers(const Call &call, const AttemptSelection &selection);
};

// Each format is one small class behind this interface.
class FormatWriter
{
public:
    virtual ~FormatWriter() = default;
    virtual QByteArray write(const ExportDocument &document) const = 0;
};

} // namespace Revox
