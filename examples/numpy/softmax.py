# 笔记本的 Softmax 单元格，逐字照录；标有“改动”的行是为了在没有图形界面的
# 环境（CI）中运行：用 Agg 后端，把图写入环境变量 ACTIVATIONS_FIGURES_DIR
# 指定的目录（默认当前目录），而不是 plt.show()。
# 笔记本只在第一个单元格中导入 numpy 和 matplotlib，这里补上。
import os  # 改动：图写入的目录来自环境变量
import matplotlib  # 改动：无界面运行
matplotlib.use("Agg")  # 改动：无界面运行
import numpy as np  # 改动：笔记本在第一个单元格中导入
import matplotlib.pyplot as plt  # 改动：笔记本在第一个单元格中导入

# ANCHOR: functions
# 定义 Softmax 函数
def softmax(x):
    # 为数值稳定性，减去最大值
    e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e_x / np.sum(e_x, axis=-1, keepdims=True)
# ANCHOR_END: functions

# Softmax 通常用于输出层，其导数是一个雅可比矩阵，比较复杂
# 这里我们只绘制函数本身
# 假设有一个3维的 logits 向量
logits = np.array([2.0, 1.0, 0.1])
probabilities = softmax(logits)

# 绘制条形图
plt.figure(figsize=(6, 4))
plt.bar(range(len(logits)), probabilities)
plt.title('Softmax Probabilities')
plt.xlabel('Class Index')
plt.ylabel('Probability')
plt.xticks(range(len(logits)), ['Class 0', 'Class 1', 'Class 2'])
plt.savefig(os.path.join(os.environ.get("ACTIVATIONS_FIGURES_DIR", "."), "softmax.png"))  # 改动：原为 plt.show()

print("Logits:", logits)
print("Probabilities:", probabilities)
print("Sum of Probabilities:", np.sum(probabilities))
