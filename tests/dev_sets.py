"""The dev sets from tests/heldout6/ on: one row each, read by tests/heldout_score.py (its
table) and tests/test_heldout.py (its floors). A new set is one row here, in order."""

# The dev sets written from session 5 on, each in outlets' styles no earlier set used and
# labelled before the annotator ran on it. Each set's README records its first measurement
# (the honest estimate on unseen coverage) and the styles; the floors sit a little below
# the figures the rules have since reached, so that a regression fails.
# One row a set, in order:
# (folder, files, label, claims recall, precision, right source, sources recall, sources
#  precision, places recall, places precision, wrong dates at most)
# The table of `python -m tests.heldout_score` names the set "<label> set"; test_heldout.py
# asserts it holds `files` files and every floor.
DEV_SETS = (
    # fifteen outlets; first .68/.66 right source (files 01-05, 06-10); session 8: claims
    # .979/.993/.961, sources .983/.989
    ("heldout6", 15, "sixth", 0.96, 0.98, 0.94, 0.96, 0.97, 0.95, 0.95, 1),
    # twelve outlets full of speakers the registry lacks; first right source .657, sources
    # .700/.843; after round_thirteen.txt: claims .985/.980/.900, sources .931/.917
    # after round_thirtynine.txt: claims .995/.985/.915, sources .946/.932
    ("heldout7", 12, "seventh", 0.97, 0.96, 0.90, 0.92, 0.90, 0.92, 0.95, 1),
    # the blind half's outlets on other events; first claims .924/.932/.873, sources
    # .905/.944; session 8: claims .992/.975/.992, sources 1/1
    ("heldout8", 8, "eighth", 0.97, 0.95, 0.97, 0.97, 0.97, 0.97, 0.97, 1),
    # longer, denser articles (Guardian, TIME, Izvestia ...); first claims .821/.907/.505,
    # sources .694/.702; session 8: .948/.953/.818, .874/.874
    # after round_seventy.txt: claims precision .979
    ("heldout9", 8, "ninth", 0.93, 0.96, 0.79, 0.85, 0.85, 0.98, 0.98, 1),
    # UN meetings, a Russian MFA briefing, Kyiv Post ...; first claims .748/.922/.587, sources
    # .732/.867; session 8: .944/.951/.895, .915/.929
    # after round_fortythree.txt: claims .979/.966/.923
    ("heldout10", 8, "tenth", 0.95, 0.93, 0.87, 0.89, 0.90, 0.98, 0.98, 1),
    # wire, live and digest; first claims .852/.958/.710, sources .748/.896; after
    # round_twentythree.txt: .914/.974/.802, .852/.933
    # after round_thirtynine.txt: claims .969/.987/.914, sources .957/.957
    # after round_fortyeight.txt: claims .981/.994/.920
    ("heldout11", 8, "eleventh", 0.96, 0.97, 0.92, 0.95, 0.95, 0.95, 0.97, 1),
    # institutional and translated; first claims .738/.909/.508, sources .575/.780; session 8:
    # .877/.947/.721, .750/.923
    # after round_fortythree.txt: claims .934/.958/.803
    # after round_fortyseven.txt: claims .934/.958/.820, sources .838/.957
    # after round_seventy.txt: claims precision .975
    ("heldout12", 8, "twelfth", 0.91, 0.96, 0.82, 0.84, 0.95, 0.95, 0.98, 1),
    # state media, Telegram, verification; first claims .832/.961/.689, sources .707/.879;
    # session 8: .924/.965/.832, .829/.919
    # after round_fortythree.txt: claims .983/.992/.941, sources .939/.987
    ("heldout13", 8, "thirteenth", 0.96, 0.95, 0.81, 0.90, 0.90, 0.94, 0.94, 1),
    # regional, specialist and institutional outlets; first claims .913/.975/.825, sources
    # .863/.945 (2 wrong dates); after round_thirtyone.txt: .944/.983/.889, .938/.974
    # after round_fortyeight.txt: claims .960/.984/.905
    # after round_sixtythree.txt: claims .960/.984/.921, sources .963/.987
    ("heldout14", 8, "fourteenth", 0.94, 0.97, 0.91, 0.92, 0.96, 0.89, 0.90, 2),
    # national broadcasters, state dailies, exiles, markets; first claims .871/.961/.721,
    # sources .759/.868 (2 wrong dates); after round_thirtythree.txt: .936/.992/.871,
    # .852/.926
    # after round_thirtynine.txt: claims .971/.993/.943, sources .966/.966, places .992/.975
    # after round_fortyeight.txt: claims .979/.993/.950
    # after round_sixty.txt (a state body of the story's country): claims .979/.993/.957
    ("heldout15", 8, "fifteenth", 0.96, 0.97, 0.94, 0.95, 0.95, 0.97, 0.95, 2),
    # news formats (Q&A, fact-check, TV roundup, earnings call, press review, poll, film review,
    # hearing); first claims .823/.971/.573, sources .706/.873 (2 wrong dates); after
    # round_thirtyfour.txt: .871/.973/.758, .779/.930
    # after round_thirtynine.txt: claims .903/.966/.806, sources .838/.950
    # after round_fortyseven.txt: claims .911/.966/.831, sources .868/.952
    # after round_eightyfour.txt (relays of a press review): claims right source .871
    ("heldout16", 8, "sixteenth", 0.88, 0.95, 0.86, 0.87, 0.95, 0.92, 0.93, 2),
    # mainstream hard news (Reuters, AP, BBC, Guardian, Al Jazeera, Kyiv Independent, TASS, Sky)
    # on unseen events; first claims .912/.967/.824, sources .917/.951 (1 wrong date); after
    # round_thirtysix.txt: .956/.993/.925, .964/.976
    # after round_thirtynine.txt: claims .969/.994/.956, sources .988/1, places .964/.991
    # after round_sixty.txt (a family speaking): claims .975/.994/.962, sources 1/1
    ("heldout17", 8, "seventeenth", 0.95, 0.97, 0.94, 0.97, 0.97, 0.94, 0.96, 1),
    # more mainstream desks (USA Today, Channel 4 News, RFI, Evening Standard, CNBC, The Straits
    # Times, Babel, ANSA) on unseen events; first claims .880/.947/.782, sources .826/.950;
    # after round_forty.txt: .944/.957/.915, .957/.989
    # after round_fortyeight.txt: claims .965/.979/.937
    ("heldout18", 8, "eighteenth", 0.95, 0.96, 0.92, 0.94, 0.97, 0.94, 0.93, 1),
    # British, European and international outlets (Independent, Telegraph, Times, Euronews,
    # RFE/RL, Anadolu, CNN, NPR) on unseen events; first claims .915/.963/.894, sources
    # .952/1 (no wrong date); after round_fortyone.txt: .979/.986/.965, 1/1
    ("heldout19", 8, "nineteenth", 0.96, 0.97, 0.94, 0.97, 0.97, 0.96, 0.96, 1),
    # eight more desks (ABC News Australia, Toronto Star, Nikkei Asia, SCMP, The Times of
    # Israel, RNZ, Irish Independent, Daily Mail) on unseen events; first claims
    # .914/.932/.841, sources .880/.953, places .964/.950 (1 wrong date); after
    # round_fortytwo.txt: .954/.954/.894, .902/.954, places .993/.979
    # after round_fortyfour.txt: claims .967/.961/.921, sources .935/.956
    # after round_fortyeight.txt: claims .980/.974/.934
    ("heldout20", 8, "twentieth", 0.96, 0.96, 0.92, 0.92, 0.94, 0.98, 0.97, 1),
    # agency wire copy and a live blog (PAP, EFE, Jiji Press, UNN, PTI, CTK, BTA, The Globe and
    # Mail) on unseen events; first claims .879/.967/.712, sources .771/.892, places .953/.984
    # (2 wrong dates); after round_fortyfive.txt and a label fix: claims .939/.976/.841,
    # sources .885/.934; after round_fiftytwo.txt (source identity): claims .955/.977/.917,
    # sources .948/.989
    ("heldout21", 8, "twenty-first", 0.94, 0.96, 0.90, 0.93, 0.97, 0.93, 0.96, 2),
    # analysis, long-form and translated European press (Foreign Policy, The New Yorker, New
    # Statesman, Gazeta Wyborcza, NZZ, iStories, ZN.UA, Delfi) on unseen events; first claims
    # .852/.945/.664, sources .759/.880, places .962/.953 (1 wrong date); after
    # round_fortysix.txt (and others' rules of the same hours): .943/.983/.820, .874/.905,
    # places .963/.981
    ("heldout22", 8, "twenty-second", 0.92, 0.96, 0.82, 0.88, 0.91, 0.95, 0.96, 1),
    # everyday hard news from eight more desks (Chicago Tribune, CTV News, SBS News, Hindustan
    # Times, The Jakarta Post, Daily Nation, MSNBC, RTÉ News) on unseen events; first claims
    # .919/.958/.745, sources .788/.876, places .953/.910 (no wrong date); after label fixes
    # and round_fifty.txt: claims .946/.966/.826, sources .889/.917, places .957/.985
    # after round_sixty.txt: claims .953/.979/.879, sources .919/.938
    # after round_sixtysix.txt (and others' rules of the same hours): claims .960/.979/.906,
    # sources .929/.958
    ("heldout23", 8, "twenty-third", 0.93, 0.95, 0.88, 0.90, 0.91, 0.94, 0.96, 1),
    # eight formats (radio interview with Q&A, press conference, NGO report, court, energy
    # market, Ukrainian frontline, aid-agency field report, parliament) on unseen events; first
    # claims .846/.953/.713, sources .836/.884, places .988/.884; after round_fiftyone.txt
    # (and round_fiftytwo.txt) and two label fixes: .894/.969/.789, .890/.915, places
    # .989/.947; after round_fiftyfive.txt (and the relays' rules): .915/.963/.852,
    # .932/.932; after round_seventyfive.txt: claims recall .937
    ("heldout24", 8, "twenty-fourth", 0.92, 0.95, 0.82, 0.90, 0.90, 0.96, 0.92, 1),
    # everyday hard news from eight more desks (AP state bureau, Yle News, Korea JoongAng
    # Daily, Gulf News, The Baltic Times, Western Morning News, Agencia Brasil, Handelsblatt)
    # on unseen events; first claims .830/.941/.608, sources .725/.805, places .887/.929
    # (1 wrong date); after label fixes and round_fiftyfour.txt: claims .853/.971/.660,
    # sources .736/.827
    # after round_sixty.txt (state bodies, families, a body's short name): claims
    # .885/.965/.712, sources .791/.837
    # after round_sixtythree.txt: claims .891/.965/.724, sources .802/.849
    # after round_sixtysix.txt (and others' rules of the same hours): claims .942/.980/.808,
    # sources .835/.864
    ("heldout25", 8, "twenty-fifth", 0.86, 0.95, 0.78, 0.81, 0.83, 0.86, 0.90, 1),
    # eight genres (PA Media, Kathimerini, The Times-Tribune, Financial Post, Defense News,
    # Zaborona, Dawn, Ahram Online) on unseen events; first claims .842/.929/.640, sources
    # .717/.892, places .913/.913 (no wrong date)
    # after round_sixty.txt (an office in its capital, an owned body): claims .863/.930/.727,
    # sources .815/.938
    # after label fixes and round_fiftyeight.txt: places .938/.961
    # after round_sixtythree.txt: claims .863/.930/.734, sources .826/.950
    # after round_sixtysix.txt (and others' rules of the same hours): claims .892/.954/.777,
    # sources .859/.952
    ("heldout26", 8, "twenty-sixth", 0.84, 0.91, 0.75, 0.83, 0.91, 0.91, 0.94, 1),
    # eight formats as printed (TVP World live blog, WIRED Q&A, Vox explainer, PolitiFact,
    # The Morning Dispatch, PoliticsHome lobby briefing, LBC, UnHerd) on unseen events; first
    # claims .855/.922/.702, sources .805/.912, places .981/.972 (no wrong date)
    # after round_fiftynine.txt (and others' rules of the same hours): claims .919/.942/.823,
    # sources .870/.944
    # after round_seventy.txt: claims precision .959
    # after round_eightyfour.txt: claims right source .839
    ("heldout27", 8, "twenty-seventh", 0.90, 0.94, 0.82, 0.85, 0.92, 0.97, 0.96, 1),
    # eight regions' English-language desks (The Indian Express, The Japan News, Daily Maverick,
    # Hurriyet Daily News, Global News, Irish Examiner, Radio Sweden, Khaleej Times) on unseen
    # events; first claims .888/.930/.687, sources .713/.814, places .979/.914 (no wrong date)
    # after label fixes and round_sixtyeight.txt (and others' rules of the same hours): claims
    # .963/.977/.807, sources .827/.882, places .980/.954
    # after round_seventy.txt: claims precision .978; after the sixth gazetteer pass: places
    # 1/.955; after round_seventyfour.txt (and others' rules of the same hours): claims right
    # source .859, sources .877/.910
    # after round_eightyfour.txt (and others' rules of the same hours): claims right source
    # .881, sources .901/.936
    ("heldout28", 8, "twenty-eighth", 0.94, 0.96, 0.86, 0.88, 0.91, 0.98, 0.93, 1),
    # topic beats from specialist outlets (ICIS, JURIST, Mirage News / Save the Children,
    # Mongabay, The Athletic, The Art Newspaper, The Record, TradeWinds) on unseen events;
    # first claims .869/.911/.638, sources .688/.809, places 1/.920 (1 wrong date); after
    # label fixes and round_sixtynine.txt: claims .931/.968/.740, sources .775/.886, places
    # 1/.955; after places.yaml club_before/club_after: places 1/1; after
    # round_seventyfive.txt: claims recall .954; after round_seventyfour.txt (bodies never
    # built): claims right source .794, sources .838/.905
    ("heldout29", 8, "twenty-ninth", 0.94, 0.94, 0.77, 0.81, 0.88, 0.97, 0.98, 1),
    # broadcasters' web copy (GB News, Newstalk, 1News, CNA, WION, CGTN, Al Arabiya English,
    # Radio Prague International) on unseen events; first claims .879/.953/.757, sources
    # .905/.938, places .991/.955 (no wrong date); after label fixes and round_seventysix.txt:
    # claims .936/.985/.850, sources .940/.963
    ("heldout30", 8, "thirtieth", 0.92, 0.96, 0.83, 0.92, 0.94, 0.97, 0.93, 1),
    # proceedings coverage (Law Society Gazette, The Herald's sketch, The Local Germany, The
    # First News, City A.M., JusticeInfo.net, Roll Call, bne IntelliNews) on unseen events;
    # first claims .867/.929/.567, sources .646/.724, places .955/.955 (no wrong date); after
    # round_seventyseven.txt: claims .900/.947/.717, sources .785/.823
    ("heldout31", 8, "thirty-first", 0.88, 0.93, 0.69, 0.76, 0.80, 0.93, 0.93, 1),
    # section desks of general outlets (The Scotsman's sport, Chicago Sun-Times business, The
    # Seattle Times technology, The Christian Science Monitor science, National Post arts, an
    # Arkansas Democrat-Gazette obituary, Philadelphia Inquirer health, The Business Times
    # shipping) on unseen events; first claims .854/.944/.701, sources .826/.905, places
    # .957/.927 (1 wrong date); after label fixes and round_eightytwo.txt: claims
    # .883/.945/.803, sources .884/.968, places .958/.948
    ("heldout32", 8, "thirty-second", 0.86, 0.92, 0.78, 0.86, 0.94, 0.93, 0.92, 1),
    # eight genres (Europa Press's English desk, F.A.Z. English, The Yorkshire Post, the Deccan
    # Herald, a Lawfare podcast page, an FIDH press release, a Lords committee report summary,
    # Postimees English) on unseen events; first claims .869/.955/.680, sources .746/.847,
    # places .891/.938 (1 wrong date); after label fixes and round_eightyseven.txt (and others'
    # rules of the same hours): claims .910/.965/.779, sources .836/.949, places .892/.948
    ("heldout33", 8, "thirty-third", 0.89, 0.94, 0.76, 0.81, 0.92, 0.87, 0.92, 1),
)
