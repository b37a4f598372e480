#pragma once

#include <QByteArray>
#include <QSaveFile>
#include <QString>

namespace Revox {

// Why a file could not be written, in words the user can act on.
struct FileWriteError
{
    enum class Cause {
        None,
        NotARegularFile, // a device, FIFO, socket or directory is never replaced
        NoSpace,
        ReadOnlyFileSystem,
        PermissionDenied,
        NoSuchDirectory,
        TooLarge,
        DeviceError,
        Other,
    };

    Cause cause = Cause::None;
    QString reason; // "No space left on the device", a phrase without a full stop
    QString advice; // "Free some space there, or choose another place.", a sentence

    bool isOk() const { return cause == Cause::None; }
    // "<reason>. <advice>"
    QString text() const;
};

// The one way the app saves a user's file: exports, and recordings streamed as they download
// (open(), write() per chunk, commit()). Writes through QSaveFile, so the target holds either
// the old file or the complete new one, and checks what Qt leaves unchecked: QSaveFile buffers
// small writes and, in Qt 6.4, renames over the target even when flushing that buffer in commit()
// failed (a full disk turned the old file into an empty one). Here every write and the flush are
// checked before commit(), and anything but a regular file is refused before a byte is written.
class SafeFileWriter final
{
    Q_DISABLE_COPY_MOVE(SafeFileWriter)

public:
    explicit SafeFileWriter(const QString &path);
    ~SafeFileWriter();

    // Refuses a target that exists and is not a regular file (without opening it: opening a FIFO
    // blocks), then opens the temporary file. False with error() set on failure.
    bool open();
    // Writes all of `bytes`, retrying short writes so the real cause is known. False on failure;
    // the write is then cancelled and the target left as it was.
    bool write(const QByteArray &bytes);
    // Flushes, syncs and renames the new file over the target. False (target untouched) on failure.
    bool commit();
    // Abandons the write; the target keeps its old content.
    void cancel();

    const FileWriteError &error() const { return m_error; }
    QString path() const { return m_path; }

    // open(), write(), commit() in one; an empty error on success.
    static FileWriteError writeFile(const QString &path, const QByteArray &bytes);

    // The words for an errno value (ENOSPC, EROFS, …), or for Qt's error when errno says nothing.
    static FileWriteError describe(int errorNumber,
                                   QFileDevice::FileError qtError,
                                   const QString &qtErrorString);

private:
    bool fail(int errorNumber);
    bool flushAll();

    QString m_path;
    QSaveFile m_file;
    FileWriteError m_error;
};

} // namespace Revox
