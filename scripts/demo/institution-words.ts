/**
 * The words the demo institutions are made of (scripts/demo/institutions.ts):
 * name parts per category, streets per district, issuers and licence
 * prefixes per department, and the reasons and findings a status change
 * gives. Data only; the generator draws from it with its seeded PRNG, so
 * changing a list changes every generated record.
 */
import type { DepartmentKind, InstitutionCategory, InstitutionStatus } from '../../shared/vocabulary.ts';
import { weightTable } from './prng.ts';
// ---------------------------------------------------------------------------
// Name parts

export const BRANDS = [
  '小天鹅', '启航', '星辰', '蓝天', '阳光', '彩虹', '未来星', '小海豚', '雏鹰', '七彩', '童梦', '梦想',
  '博雅', '翰墨', '墨香', '书香', '新星', '晨曦', '春蕾', '小树苗', '向日葵', '百灵鸟', '乐之声', '天籁',
  '琴韵', '舞之韵', '灵动', '飞扬', '腾飞', '智慧树', '少年派', '锦程', '卓越', '优贝', '奇思', '酷玩',
  '极客', '星火', '青苗', '鸿鹄', '龙腾', '虎跃', '勇士', '冠军', '蓝鲸', '浪花', '金色童年', '快乐成长',
  '小画家', '知行', '明德', '尚德', '启明星', '育英', '追梦', '小精灵', '金太阳', '满天星', '红舞鞋', '黑白键',
];
/** Two-character brands composed from these halves (金翼, 星帆, 智航 …), for variety. */
export const BRAND_FIRST = ['金', '银', '星', '月', '晨', '朝', '蓝', '青', '乐', '智', '童', '新', '博', '卓', '嘉', '华', '美', '思', '慧', '雅', '益', '德'];
export const BRAND_SECOND = ['翼', '帆', '苗', '光', '阳', '航', '林', '禾', '果', '贝', '宇', '杰', '程', '韵', '艺', '蕾', '心', '诚', '桥', '途'];
/** Place-like brands: these names need no region in front. */
export const PLACE_BRANDS = ['信阳', '浉河', '申城', '茶都', '南湾', '鸡公山', '贤山', '大别山', '淮河', '豫南', '光州', '蓼城', '弦山', '龙潭'];

export interface Specialty {
  /** The specialty as it appears in a company name (机器人, 舞蹈 …). */
  word: string;
  /** How a non-profit's name ends (舞蹈培训中心, 跆拳道馆 …). */
  stems: readonly string[];
  /** 许可的培训范围. */
  scopes: readonly string[];
}

export const SPECIALTIES: Record<InstitutionCategory, readonly Specialty[]> = {
  sports: [
    { word: '跆拳道', stems: ['跆拳道馆', '跆拳道俱乐部', '跆拳道培训中心'], scopes: ['跆拳道', '跆拳道、体能训练'] },
    { word: '篮球', stems: ['篮球俱乐部', '篮球培训中心', '篮球训练营'], scopes: ['篮球', '篮球、体能训练'] },
    { word: '游泳', stems: ['游泳培训中心', '游泳俱乐部', '游泳馆'], scopes: ['游泳', '游泳、水上安全'] },
    { word: '足球', stems: ['足球俱乐部', '足球培训中心'], scopes: ['足球'] },
    { word: '武术', stems: ['武术馆', '武术培训中心'], scopes: ['武术、散打', '传统武术'] },
    { word: '乒乓球', stems: ['乒乓球俱乐部', '乒乓球培训中心'], scopes: ['乒乓球'] },
    { word: '羽毛球', stems: ['羽毛球俱乐部', '羽毛球培训中心'], scopes: ['羽毛球'] },
    { word: '轮滑', stems: ['轮滑俱乐部', '轮滑培训中心'], scopes: ['轮滑、滑板'] },
    { word: '体适能', stems: ['少儿体适能中心', '体能训练中心'], scopes: ['少儿体适能、体能训练'] },
    { word: '围棋', stems: ['围棋道场', '棋院'], scopes: ['围棋', '围棋、国际象棋'] },
    { word: '击剑', stems: ['击剑俱乐部'], scopes: ['击剑'] },
  ],
  arts: [
    { word: '舞蹈', stems: ['舞蹈培训中心', '舞蹈艺术学校', '舞蹈工作室'], scopes: ['中国舞、拉丁舞', '中国舞、街舞', '舞蹈、形体'] },
    { word: '美术', stems: ['美术培训中心', '美术工作室', '画室'], scopes: ['美术、素描', '儿童画、创意美术', '美术、书法'] },
    { word: '书法', stems: ['书法培训中心', '书法艺术学校', '书画院'], scopes: ['硬笔书法、软笔书法', '书法、国画'] },
    { word: '钢琴', stems: ['钢琴艺术中心', '钢琴工作室', '琴行培训中心'], scopes: ['钢琴', '钢琴、乐理'] },
    { word: '声乐', stems: ['声乐培训中心', '合唱艺术团'], scopes: ['声乐、合唱', '声乐'] },
    { word: '器乐', stems: ['音乐培训中心', '器乐艺术学校'], scopes: ['古筝、小提琴', '架子鼓、吉他', '古筝、琵琶、二胡'] },
    { word: '口才', stems: ['口才培训中心', '播音主持艺术学校'], scopes: ['播音主持、少儿口才'] },
    { word: '表演', stems: ['表演艺术培训中心', '戏剧工作室'], scopes: ['戏剧表演', '影视表演'] },
    { word: '艺术', stems: ['艺术培训中心', '艺术学校', '文化艺术培训学校'], scopes: ['舞蹈、美术、音乐', '舞蹈、声乐、器乐'] },
  ],
  science: [
    { word: '机器人', stems: ['机器人培训中心', '机器人俱乐部', '机器人工作室'], scopes: ['机器人搭建与编程', '机器人、编程'] },
    { word: '编程', stems: ['编程培训中心', '少儿编程工作室'], scopes: ['少儿编程', '图形化编程、Python编程'] },
    { word: '航模', stems: ['航模俱乐部', '航模培训中心'], scopes: ['航空模型、无人机'] },
    { word: '科学', stems: ['科学实验室', '科学探索中心'], scopes: ['科学实验、STEM', '科学实验'] },
    { word: '人工智能', stems: ['人工智能培训中心'], scopes: ['人工智能启蒙、编程'] },
    { word: '创客', stems: ['创客空间', '创客教育中心'], scopes: ['创客、3D打印'] },
  ],
  academic: [
    { word: '教育', stems: ['教育培训学校', '培训学校'], scopes: ['义务教育阶段语文、数学、英语', '初中数学、物理', '小学语文、数学'] },
    { word: '英语', stems: ['英语培训学校'], scopes: ['义务教育阶段英语'] },
    { word: '作文', stems: ['作文培训学校'], scopes: ['小学语文（作文）'] },
  ],
  early_education: [
    { word: '早教', stems: ['早教中心', '亲子园', '早期教育中心'], scopes: ['0至3岁婴幼儿早期教育、亲子活动'] },
    { word: '感统训练', stems: ['感统训练中心'], scopes: ['感觉统合训练'] },
  ],
  vocational: [{ word: '职业技能', stems: ['职业技能培训学校'], scopes: ['育婴员、保育员职业技能培训', '中式烹调师、面点师职业技能培训'] }],
  after_school_care: [{ word: '托管', stems: ['托管中心', '午托部', '课后托管中心'], scopes: ['课后托管、午休看护', '课后托管'] }],
};

/** How a company's name ends, by category (营利性机构). */
export const COMPANY_TAILS: Record<InstitutionCategory, readonly string[]> = {
  sports: ['体育培训有限公司', '体育文化发展有限公司'],
  arts: ['艺术培训有限公司', '文化艺术有限公司', '文化传播有限公司'],
  science: ['科技培训有限公司', '教育科技有限公司'],
  academic: ['教育咨询有限公司'],
  early_education: ['服务有限公司', '教育咨询有限公司'],
  vocational: ['职业技能培训有限公司'],
  after_school_care: ['托管服务有限公司'],
};

export const FORMER_STEMS = ['培训部', '培训班', '艺术培训部', '培训中心', '俱乐部'];

export const CATEGORY_WEIGHTS = weightTable<InstitutionCategory>({
  arts: 40,
  sports: 30,
  science: 14,
  after_school_care: 6,
  academic: 4,
  early_education: 4,
  vocational: 2,
});

export const STATUS_WEIGHTS = weightTable<InstitutionStatus>({ approved: 86, rectification: 5, revoked: 3, deregistered: 4, blacklisted: 2 });
/** Most cities deregistered their 学科类 institutions; a few remain on the list. */
export const ACADEMIC_STATUS_WEIGHTS = weightTable<InstitutionStatus>({ approved: 35, rectification: 0, revoked: 12, deregistered: 45, blacklisted: 8 });

// ---------------------------------------------------------------------------
// Places

/** Streets per district: a few real-sounding main roads each, plus the ones every town has. */
export const STREETS: Record<string, readonly string[]> = {
  '411502': ['民权路', '中山路', '胜利路', '东方红大道', '新华西路', '四一路', '工区路', '湖东大道', '浉河中路', '北京路', '新七大道', '南京路'],
  '411503': ['平中大街', '平东大道', '平西路', '新华东路', '南京大道', '前进路', '平桥大道', '明港镇建设路'],
  '411521': ['宝城东路', '宝城西路', '灵山大道', '江淮大道', '龙池路', '城关镇东关街'],
  '411522': ['正大街', '紫水大道', '弦山路', '龙山大道', '官渡河路', '西大街'],
  '411523': ['将军路', '首府路', '解放路', '京九大道', '红日路', '潢河路'],
  '411524': ['崇福大道', '温泉大道', '金刚台路', '赤城大道', '鲇鱼山路'],
  '411525': ['蓼城大道', '中山大街', '红苏大道', '成功大道', '秀水大道', '陈元光大道'],
  '411526': ['跃进路', '春申路', '光州大道', '弋阳路', '小潢河路', '西大街'],
  '411527': ['淮河大道', '滨河路', '兴滨大道', '北京路', '滨湖路'],
  '411528': ['谯楼街', '息州大道', '淮河大道', '龙湖路', '濮公山路'],
};
export const COMMON_STREETS = ['人民路', '建设路', '文化路', '解放路', '新华路'];
export const ADDRESS_DETAILS = ['', '', '二楼', '三楼', '四楼', '一至二楼', '商业街', '门面房', '综合楼三层', '文化广场二楼'];

/** The weight of each district in the data: the city proper and 固始 (the most populous county) get more. */
export const DISTRICT_WEIGHTS = weightTable<string>({
  '411502': 20, '411503': 14, '411521': 7, '411522': 8, '411523': 4, '411524': 7, '411525': 15, '411526': 9, '411527': 6, '411528': 10,
});
/** One character for a district in decision numbers (浉教监〔2025〕12号); the city is 信. */
export const DISTRICT_ABBREVIATIONS: Record<string, string> = {
  '411502': '浉', '411503': '平', '411521': '罗', '411522': '光', '411523': '新', '411524': '商', '411525': '固', '411526': '潢', '411527': '淮', '411528': '息',
};

// ---------------------------------------------------------------------------
// Departments, licences, registration

/** What a licence's issuer is called, by department kind. */
export const ISSUER_NAMES: Partial<Record<DepartmentKind, string>> = {
  education: '教育体育局',
  culture: '文化广电和旅游局',
  science: '科学技术局',
  health: '卫生健康委员会',
  hrss: '人力资源和社会保障局',
};
/** Kinds with an office in each district (the others issue from the city). */
export const DISTRICT_ISSUERS: readonly DepartmentKind[] = ['education', 'culture', 'science'];
/** Licence number prefix by issuing department: 教民…号, 文民…号, 科民…号. */
export const LICENCE_PREFIXES: Partial<Record<DepartmentKind, string>> = {
  education: '教民',
  culture: '文民',
  science: '科民',
  health: '卫民',
  hrss: '人社民',
};
/** The department's short form in decision numbers (信教监, 浉文旅罚 …). */
export const DECISION_ABBREVIATIONS: Partial<Record<DepartmentKind, string>> = {
  education: '教',
  culture: '文旅',
  science: '科',
  health: '卫',
  hrss: '人社',
};

export const BANKS = [
  '中国银行信阳分行',
  '中国工商银行信阳分行',
  '中国建设银行信阳分行',
  '中国农业银行信阳分行',
  '中国邮政储蓄银行信阳市分行',
  '交通银行信阳分行',
  '中原银行信阳分行',
  '信阳农商银行',
];

// ---------------------------------------------------------------------------
// Reasons and findings

export const RECTIFICATION_REASONS = [
  '消防安全检查不合格，疏散通道堵塞，责令停业整改',
  '一次性收取超过3个月的培训费用，违反预收费监管规定',
  '培训场所未安装与监管平台联网的视频监控',
  '部分从业人员未提供无犯罪记录证明',
  '超出许可范围开展培训',
  '预收费未进入监管账户，存在“体外循环”',
];
export const RESTORE_REASONS = ['整改完成，经复查合格，恢复正常办学', '整改到位，复查通过，恢复招生'];
export const REVOCATION_REASONS = [
  '停业整改期满仍未整改到位',
  '违规开展学科类培训且拒不改正',
  '发生安全责任事故，造成学员受伤',
  '以欺骗手段取得办学许可证',
  '擅自变更培训场所且拒不改正',
];
export const DEREGISTRATION_REASONS = ['举办者申请终止办学，已完成学员退费和财务清算', '许可证有效期届满未申请延续，依法注销'];
export const ACADEMIC_DEREGISTRATION_REASON = '学科类培训机构压减，办理注销登记';
export const BLACKLIST_REASONS = [
  '卷走学员预付费用后失联（“爆雷”），列入黑名单',
  '注销后仍以原名义招生培训（“假注销、真运营”），列入黑名单',
  '吊销许可证后继续违规办学，列入黑名单',
  '拒不执行退费调解协议，恶意拖欠学员退费，列入黑名单',
];
export const RECTIFY_FINDINGS = [
  '灭火器过期未更换',
  '消防通道堆放杂物',
  '未在醒目位置公示办学许可证和收费标准',
  '视频监控未与监管平台联网',
  '急救箱药品过期',
  '部分教师资格证明材料不全',
  '安全疏散指示标志缺失',
];
export const FAILED_FINDINGS = ['预收费未进入监管账户', '场所消防设施不合格且拒不整改', '超出许可范围培训', '拒绝配合检查'];
