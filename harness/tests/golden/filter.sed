# What varies from run to run in a text report, made constant: run times,
# pids, addresses.
s/[0-9][0-9]*\.[0-9][0-9]* s\b/N.NN s/g
s/(pid [0-9][0-9]*)/(pid PID)/g
s/0x[0-9a-fA-F][0-9a-fA-F]*/0xADDR/g
