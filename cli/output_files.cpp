#include "cli/output_files.h"

#include <filesystem>
#include <fstream>

namespace qc {

Status prepare_output_dir(const std::string& dir, const std::string& flag) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (!error && std::filesystem::is_directory(dir, error)) return Status::ok();
  const std::string reason = error ? error.message() : "it is not a directory";
  return Status::error(ErrorKind::usage, flag + " " + dir + ": cannot create the directory (" + reason + ")");
}

Status refuse_directory(const std::string& path, const std::string& flag) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    return Status::error(ErrorKind::usage, flag + " " + path + ": is a directory; expected a file name");
  return Status::ok();
}

Status write_output_file(const std::string& path, const std::string& content, const std::string& flag) {
  if (Status file = refuse_directory(path, flag); !file.is_ok()) return file;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return Status::error(ErrorKind::usage, flag + " " + path + ": cannot write the file");
  return Status::ok();
}

}  // namespace qc
