print("cardpolicy-bench: no benchmarks yet")
