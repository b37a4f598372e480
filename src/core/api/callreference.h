#pragma once

#include <QString>

namespace Revox {

// What the user typed or pasted to name a call, reduced to the call ID.
struct CallReference
{
    QString id;    // the extracted call ID, empty when invalid
    QString error; // a sentence for the user when invalid, empty when valid

    bool isValid() const { return error.isEmpty() && !id.isEmpty(); }

    // Accepts a bare ID, the ID with stray whitespace/quotes, a dashboard or API URL containing
    // /call/<id> (or /calls/<id>), or revox-inspector://call/<id>. Anything that could change the
    // request's path or query once put into `/call/<id>` is rejected, not repaired.
    static CallReference parse(const QString &input);

    // Why `id` is not a plausible call ID; empty when it is.
    static QString idProblem(const QString &id);
};

} // namespace Revox
