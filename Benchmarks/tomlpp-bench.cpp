// Parses FILE with toml++ RUNS times; prints "best_seconds peak_rss_kb rss_before_parse_kb".
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <toml++/toml.h>

int main(int argc, char** argv) {
    if (argc < 3) { std::cerr << "usage: tomlpp-bench FILE RUNS\n"; return 2; }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const int runs = std::atoi(argv[2]);
    long pages = 0, resident = 0;
    std::ifstream("/proc/self/statm") >> pages >> resident;
    const long rss_before = resident * sysconf(_SC_PAGESIZE) / 1024;
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        try {
            toml::table doc = toml::parse(text);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (seconds < best) best = seconds;
            if (!doc["molecule"].is_array()) { std::cerr << "unexpected document\n"; return 1; }
        } catch (const toml::parse_error& error) {
            std::cerr << error << "\n";
            return 1;
        }
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%.6f %ld %ld\n", best, usage.ru_maxrss, rss_before);
    return 0;
}
