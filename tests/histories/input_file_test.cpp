// Reading input files (common/input_file.h): whole files, directories refused, and pipes
// read when a writer comes, refused when none does, never waited on for ever.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/input_file.h"

namespace qc {
namespace {

std::string temp(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("qc-input-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(path);
  return path.string();
}

TEST(InputFile, ReadsAWholeFileAndRefusesDirectoriesAndMissingFiles) {
  const std::string file = temp("plain");
  std::ofstream(file) << std::string(200'000, 'x') << "end";
  auto read = read_input_file(file, "the history file");
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(read.value().size(), 200'003u);
  const std::string directory = temp("dir");
  std::filesystem::create_directories(directory);
  auto dir = read_input_file(directory, "the history file");
  ASSERT_FALSE(dir.is_ok());
  EXPECT_EQ(dir.status().message(), directory + ": is a directory; expected the history file");
  auto missing = read_input_file(temp("missing"), "the bundle");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("cannot read the bundle (No such file or directory)"), std::string::npos);
}

TEST(InputFile, APipeIsReadWhenAWriterComesAndRefusedWhenNoneDoes) {
  const std::string fifo = temp("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto lonely = read_input_file(fifo, "the history file", 200);
  ASSERT_FALSE(lonely.is_ok());
  EXPECT_NE(lonely.status().message().find("a pipe with no data and no writer for 200 ms"), std::string::npos)
      << lonely.status().message();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // after the reader waits
    std::ofstream(fifo) << "line 1\nline 2\n";
  });
  auto fed = read_input_file(fifo, "the history file", 10'000);
  writer.join();
  ASSERT_TRUE(fed.is_ok()) << fed.status().message();
  EXPECT_EQ(fed.value(), "line 1\nline 2\n");
}

}  // namespace
}  // namespace qc
