#pragma once

#include <QByteArray>
#include <QString>

namespace Revox::SampleCall {

// The bundled sample call, so the app can be tried without an account or a network.
QString resourcePath();
QByteArray json();

} // namespace Revox::SampleCall
