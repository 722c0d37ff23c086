# Prints a loan list of N loans (CSV, the import's columns) for load measurements: deterministic (no random numbers),
# every kind of loan the register holds. Ids are "L1" … "LN", so they never clash with the reference data's ids.
#   awk -v N=20000 -f tools/load/loans.awk > loans.csv
BEGIN {
  split("Kommunalbanken,KLP Kommunekreditt,Husbanken,Obligasjonslån,Sertifikatlån,DNB,Nordea", lender, ",")
  split("bullet,serial,annuity", amort, ",")
  split("1,2,4,12", perYear, ",")
  split("none,none,none,var,rateCompensated", excl, ",")
  print "id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation,nextRateResetDate,green,rateRiskExclusion,instalmentsPerYear,note"
  for (i = 1; i <= N; i++) {
    category = (i % 10 == 0) ? "onLending" : "investment"
    rateType = (i % 3 == 0) ? "floating" : "fixed"
    rate = sprintf("%d.%03d", 1 + i % 5, (i * 37) % 1000)
    balance = 1000000 + ((i * 7919) % 100000) * 1000
    month = 1 + i % 12
    balanceDate = sprintf("2025-%02d-01", month)
    matYear = 2026 + (i * 13) % 35
    maturity = sprintf("%d-%02d-15", matYear, 1 + (i * 5) % 12)
    reset = ""
    if (i % 4 == 1 && matYear > 2027) reset = sprintf("2027-%02d-01", 1 + i % 12)
    exclusion = (category == "onLending") ? "onLending" : excl[1 + i % 5]
    printf "L%d,%s,Lån %d,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,\n", i, lender[1 + i % 7], i, category, rateType, rate, balance,
      balanceDate, maturity, amort[1 + i % 3], reset, (i % 5 == 0) ? "true" : "false", exclusion, perYear[1 + i % 4]
  }
}
