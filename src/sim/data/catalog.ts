/**
 * The public data sets fedrec reads and where a user downloads each (fedrec never ships them: their
 * licences forbid or do not grant redistribution). Shown by `fedrec datasets`.
 */
import type { DataFormat } from "../../core/data/formats.js";

export interface CatalogEntry {
  name: string;
  format: DataFormat;
  file: string;
  url: string;
  licence: string;
  note: string;
}

export const DATA_CATALOG: readonly CatalogEntry[] = [
  {
    name: "MovieLens 100K",
    format: "movielens",
    file: "ml-100k/u.data",
    url: "https://grouplens.org/datasets/movielens/100k/ (ml-100k.zip)",
    licence: "GroupLens: research use, no redistribution; cite Harper & Konstan 2015",
    note: "100,000 ratings 1–5, 943 users × 1,682 movies; the FCF papers' benchmark (rating ≥ 4 = positive)",
  },
  {
    name: "MovieLens 1M / 10M",
    format: "movielens-dat",
    file: "ml-1m/ratings.dat",
    url: "https://grouplens.org/datasets/movielens/1m/ (ml-1m.zip), /10m/",
    licence: "GroupLens: research use, no redistribution",
    note: "user::item::rating::timestamp",
  },
  {
    name: "Speed dating (Fisman & Iyengar)",
    format: "speed-dating",
    file: "speed-dating/speed-dating.csv",
    url: "https://www.kaggle.com/datasets/annavictoria/speed-dating-experiment (Speed Dating Data.csv)",
    licence: "no licence granted by the authors; research use",
    note: "8,378 rows, 551 people, 21 waves; dec / dec_o / match / like; latin-1 with a header",
  },
  {
    name: "SocioPatterns contact networks",
    format: "sociopatterns",
    file: "e.g. tij_InVS.dat",
    url: "http://www.sociopatterns.org/datasets/ (e.g. 'Contacts in a workplace', 'High school')",
    licence: "CC BY-NC-SA (per data set page)",
    note: "`t i j` per 20-second face-to-face contact; symmetric, one id space",
  },
  {
    name: "Any interaction list",
    format: "interactions",
    file: "your file",
    url: "—",
    licence: "yours",
    note: "src,dst[,weight][,time], CSV or TSV, header detected (e.g. a message log: sender,recipient,count)",
  },
];
