JOSEBench.run()
