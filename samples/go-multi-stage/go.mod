module example.com/buildlab/report

go 1.19
