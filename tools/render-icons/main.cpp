// Renders one SVG into PNGs of the requested sizes and, on request, into a Windows .ico and a
// macOS .icns. QImageWriter writes a single image per .ico and has no .icns writer in qtbase, so
// both containers are assembled here from PNG-compressed entries (supported since Windows Vista
// and Mac OS X 10.7).

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>
#include <map>

namespace {

void fail(const QString &message)
{
    std::fprintf(stderr, "revox-render-icons: %s\n", qPrintable(message));
}

QByteArray renderPng(QSvgRenderer &renderer, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    renderer.render(&painter, QRectF(0, 0, size, size));
    painter.end();

    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_ARGB32).save(&buffer, "PNG");
    return png;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

template<typename T>
void append(QByteArray &out, T value, bool bigEndian)
{
    char bytes[sizeof(T)];
    if (bigEndian)
        qToBigEndian(value, bytes);
    else
        qToLittleEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

// ICONDIR, then one ICONDIRENTRY per image, then the PNG data; a width/height byte of 0 means 256.
QByteArray makeIco(std::map<int, QByteArray> pngs)
{
    pngs.erase(pngs.upper_bound(256), pngs.end()); // the format stops at 256 pixels
    QByteArray out;
    append<quint16>(out, 0, false);
    append<quint16>(out, 1, false);
    append<quint16>(out, quint16(pngs.size()), false);
    quint32 offset = quint32(6 + 16 * pngs.size());
    for (const auto &[size, png] : pngs) {
        out.append(char(size >= 256 ? 0 : size));
        out.append(char(size >= 256 ? 0 : size));
        out.append(char(0)); // no palette
        out.append(char(0));
        append<quint16>(out, 1, false);  // colour planes
        append<quint16>(out, 32, false); // bits per pixel
        append<quint32>(out, quint32(png.size()), false);
        append<quint32>(out, offset, false);
        offset += quint32(png.size());
    }
    for (const auto &entry : pngs)
        out.append(entry.second);
    return out;
}

// 'icns' + total length, then (type, length including the 8-byte header, PNG) per image.
QByteArray makeIcns(const std::map<int, QByteArray> &pngs)
{
    static const std::map<int, const char *> types = {{16, "icp4"},
                                                      {32, "icp5"},
                                                      {64, "icp6"},
                                                      {128, "ic07"},
                                                      {256, "ic08"},
                                                      {512, "ic09"},
                                                      {1024, "ic10"}};
    QByteArray body;
    for (const auto &[size, png] : pngs) {
        const auto type = types.find(size);
        if (type == types.end())
            continue;
        body.append(type->second, 4);
        append<quint32>(body, quint32(8 + png.size()), true);
        body.append(png);
    }
    QByteArray out("icns");
    append<quint32>(out, quint32(8 + body.size()), true);
    return out + body;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Render an SVG icon into PNG, ICO and ICNS files."));
    parser.addHelpOption();
    const QCommandLineOption sizesOption(QStringLiteral("sizes"),
                                         QStringLiteral("Comma-separated pixel sizes of the PNGs."),
                                         QStringLiteral("list"));
    const QCommandLineOption pngDirOption(QStringLiteral("hicolor-dir"),
                                          QStringLiteral(
                                              "Write <dir>/<N>x<N>/apps/<name>.png for each size."),
                                          QStringLiteral("dir"));
    const QCommandLineOption nameOption(QStringLiteral("name"),
                                        QStringLiteral("Icon name (file base name)."),
                                        QStringLiteral("name"));
    const QCommandLineOption icoOption(QStringLiteral("ico"),
                                       QStringLiteral("Also write a Windows icon."),
                                       QStringLiteral("file"));
    const QCommandLineOption icnsOption(QStringLiteral("icns"),
                                        QStringLiteral("Also write a macOS icon."),
                                        QStringLiteral("file"));
    parser.addOptions({sizesOption, pngDirOption, nameOption, icoOption, icnsOption});
    parser.addPositionalArgument(QStringLiteral("svg"), QStringLiteral("The source SVG."));
    parser.process(app);

    if (parser.positionalArguments().size() != 1) {
        fail(QStringLiteral("expected exactly one SVG file"));
        return 2;
    }
    const QString svgPath = parser.positionalArguments().constFirst();
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        fail(QStringLiteral("%1 is not a valid SVG").arg(svgPath));
        return 1;
    }

    std::map<int, QByteArray> pngs;
    const QStringList sizes = parser.value(sizesOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &text : sizes) {
        bool ok = false;
        const int size = text.trimmed().toInt(&ok);
        if (!ok || size < 1 || size > 1024) {
            fail(QStringLiteral("invalid size \"%1\"").arg(text));
            return 2;
        }
        pngs[size] = renderPng(renderer, size);
    }

    if (parser.isSet(pngDirOption)) {
        const QString name = parser.value(nameOption);
        if (name.isEmpty()) {
            fail(QStringLiteral("--hicolor-dir needs --name"));
            return 2;
        }
        for (const auto &[size, png] : pngs) {
            const QString path = QStringLiteral("%1/%2x%2/apps/%3.png")
                                     .arg(parser.value(pngDirOption), QString::number(size), name);
            if (!writeFile(path, png))
                return 1;
        }
    }
    if (parser.isSet(icoOption) && !writeFile(parser.value(icoOption), makeIco(pngs)))
        return 1;
    if (parser.isSet(icnsOption) && !writeFile(parser.value(icnsOption), makeIcns(pngs)))
        return 1;
    return 0;
}
